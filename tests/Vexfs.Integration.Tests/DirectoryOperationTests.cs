namespace Vexfs.Integration.Tests;

/// <summary>Directories: create, list, rename, remove, and the errors each must give.</summary>
[Collection(GuestGroup.Name)]
public sealed class DirectoryOperationTests(GuestFixture guest)
{
    [Fact]
    public async Task Mkdir_readdir_rename_and_rmdir()
    {
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        script.FormatAndMount(fs);
        script.Ok($"mkdir -p {fs.Path}/a/b && touch {fs.Path}/a/b/one {fs.Path}/a/two");
        var listed = script.Ok($"ls {fs.Path}/a");
        var links = script.Ok($"stat -c %h {fs.Path}/a");
        script.Ok($"mv {fs.Path}/a/b/one {fs.Path}/moved && mv {fs.Path}/a/b {fs.Path}/c");
        var moved = script.Ok($"ls {fs.Path}");
        var linksAfterMove = script.Ok($"stat -c %h {fs.Path}/a {fs.Path}/c");
        script.Ok($"rmdir {fs.Path}/c");
        script.Ok(fs.RemountCommand);
        var remounted = script.Ok($"ls {fs.Path}");
        var rootLinks = script.Ok($"stat -c %h {fs.Path}");
        await guest.RunAsync(script);

        Assert.Equal("b\ntwo", listed.Stdout.Trim());
        Assert.Equal("3", links.Stdout.Trim());
        Assert.Equal("a\nc\nmoved", moved.Stdout.Trim());
        Assert.Equal("2\n2", linksAfterMove.Stdout.Trim()); // b left a, and moved as c: each has only . and its entry
        Assert.Equal("a\nmoved", remounted.Stdout.Trim());
        Assert.Equal("3", rootLinks.Stdout.Trim()); // ., .. of the root, and a's ..
    }

    [Fact]
    public async Task Rename_over_an_existing_file_replaces_it()
    {
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        script.FormatAndMount(fs);
        script.Ok($"echo new > {fs.Path}/src && echo old > {fs.Path}/dst && mv -f {fs.Path}/src {fs.Path}/dst");
        var content = script.Ok($"cat {fs.Path}/dst");
        var listed = script.Ok($"ls {fs.Path}");
        await guest.RunAsync(script);

        Assert.Equal("new", content.Stdout.Trim());
        Assert.Equal("dst", listed.Stdout.Trim());
    }

    [Fact]
    public async Task Many_entries_span_several_directory_blocks()
    {
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        script.FormatAndMount(fs);
        script.Ok($"cd {fs.Path} && for i in $(seq 1 100); do : > file-$i; done");
        var created = script.Ok($"ls {fs.Path} | wc -l");
        script.Ok($"cd {fs.Path} && rm $(seq -f 'file-%g' 1 2 100)");
        script.Ok(fs.RemountCommand);
        var kept = script.Ok($"ls {fs.Path}");
        await guest.RunAsync(script);

        Assert.Equal("100", created.Stdout.Trim());
        Assert.Equal(
            Enumerable.Range(1, 50).Select(i => $"file-{2 * i}").Order(StringComparer.Ordinal),
            kept.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Errors_are_the_right_errno()
    {
        var fs = guest.Vexfs(dim: 4);
        var longName = new string('n', 251);
        var script = new GuestScript();
        script.FormatAndMount(fs);
        script.Ok($"mkdir {fs.Path}/d && touch {fs.Path}/d/f {fs.Path}/file");
        var exists = script.Fails($"mkdir {fs.Path}/d");
        var notEmpty = script.Fails($"rmdir {fs.Path}/d");
        var missing = script.Fails($"cat {fs.Path}/missing");
        var notDir = script.Fails($"ls {fs.Path}/file/x");
        var isDir = script.Fails($"sh -c 'echo x > {fs.Path}/d'");
        var tooLong = script.Fails($"touch {fs.Path}/{longName}");
        script.Ok($"touch {fs.Path}/{new string('n', 250)}");
        await guest.RunAsync(script);

        Assert.Contains("File exists", exists.Stderr, StringComparison.Ordinal);
        Assert.Contains("Directory not empty", notEmpty.Stderr, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("Not a directory", notDir.Stderr, StringComparison.Ordinal);
        Assert.Contains("Is a directory", isDir.Stderr, StringComparison.Ordinal);
        Assert.Contains("File name too long", tooLong.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_filesystem_says_no_space_and_stays_usable()
    {
        // A small image on a loop device fills in a second even under TCG.
        var fs = guest.Vexfs(dim: 4, mountPoint: "/mnt/vexfs-small", device: "/tmp/small.img", inodes: null, options: "loop");
        var script = new GuestScript();
        script.Ok($"umount {fs.Path} 2>/dev/null; rm -f {fs.Device} && truncate -s 2M {fs.Device}");
        script.FormatAndMount(fs);
        var full = script.Fails($"dd if=/dev/zero of={fs.Path}/fill bs=4096 count=4096 status=none");
        var after = script.Ok($"rm {fs.Path}/fill && echo ok > {fs.Path}/after && cat {fs.Path}/after");
        await guest.RunAsync(script);

        Assert.Contains("No space left on device", full.Stderr, StringComparison.Ordinal);
        Assert.Equal("ok", after.Stdout.Trim());
    }
}
