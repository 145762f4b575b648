namespace Vexfs.Integration.Tests;

/// <summary>Directories: create, list, rename, remove, and the errors each must give.</summary>
[Collection(GuestGroup.Name)]
public sealed class DirectoryOperationTests(GuestFixture guest)
{
    [Fact]
    public async Task Mkdir_readdir_rename_and_rmdir()
    {
        await using var fs = await guest.FormatAndMountAsync(dim: 4);
        await guest.OkAsync($"mkdir -p {fs.Path}/a/b && touch {fs.Path}/a/b/one {fs.Path}/a/two");
        Assert.Equal("b\ntwo", (await guest.OkAsync($"ls {fs.Path}/a")).Trim());
        Assert.Equal("3", (await guest.OkAsync($"stat -c %h {fs.Path}/a")).Trim());
        await guest.OkAsync($"mv {fs.Path}/a/b/one {fs.Path}/moved && mv {fs.Path}/a/b {fs.Path}/c");
        Assert.Equal("a\nc\nmoved", (await guest.OkAsync($"ls {fs.Path}")).Trim());
        await guest.OkAsync($"rmdir {fs.Path}/c");
        await fs.RemountAsync();
        Assert.Equal("a\nmoved", (await guest.OkAsync($"ls {fs.Path}")).Trim());
    }

    [Fact]
    public async Task Rename_over_an_existing_file_replaces_it()
    {
        await using var fs = await guest.FormatAndMountAsync(dim: 4);
        await guest.OkAsync($"echo new > {fs.Path}/src && echo old > {fs.Path}/dst && mv -f {fs.Path}/src {fs.Path}/dst");
        Assert.Equal("new", (await guest.OkAsync($"cat {fs.Path}/dst")).Trim());
        Assert.Equal("dst", (await guest.OkAsync($"ls {fs.Path}")).Trim());
    }

    [Fact]
    public async Task Many_entries_span_several_directory_blocks()
    {
        await using var fs = await guest.FormatAndMountAsync(dim: 4);
        await guest.OkAsync($"cd {fs.Path} && for i in $(seq 1 100); do : > file-$i; done");
        Assert.Equal("100", (await guest.OkAsync($"ls {fs.Path} | wc -l")).Trim());
        await guest.OkAsync($"cd {fs.Path} && for i in $(seq 1 2 100); do rm file-$i; done");
        await fs.RemountAsync();
        Assert.Equal("50", (await guest.OkAsync($"ls {fs.Path} | wc -l")).Trim());
    }

    [Fact]
    public async Task Errors_are_the_right_errno()
    {
        await using var fs = await guest.FormatAndMountAsync(dim: 4);
        await guest.OkAsync($"mkdir {fs.Path}/d && touch {fs.Path}/d/f {fs.Path}/file");
        Assert.Contains("File exists", (await guest.FailsAsync($"mkdir {fs.Path}/d")).Stderr, StringComparison.Ordinal);
        Assert.Contains("Directory not empty", (await guest.FailsAsync($"rmdir {fs.Path}/d")).Stderr, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", (await guest.FailsAsync($"cat {fs.Path}/missing")).Stderr, StringComparison.Ordinal);
        Assert.Contains("Not a directory", (await guest.FailsAsync($"ls {fs.Path}/file/x")).Stderr, StringComparison.Ordinal);
        Assert.Contains("Is a directory", (await guest.FailsAsync($"sh -c 'echo x > {fs.Path}/d'")).Stderr, StringComparison.Ordinal);
        var longName = new string('n', 251);
        Assert.Contains("File name too long", (await guest.FailsAsync($"touch {fs.Path}/{longName}")).Stderr, StringComparison.Ordinal);
        await guest.OkAsync($"touch {fs.Path}/{new string('n', 250)}");
    }

    [Fact]
    public async Task A_full_filesystem_says_no_space_and_stays_usable()
    {
        // A small image on a loop device fills in a second even under TCG.
        await guest.OkAsync("rm -f /tmp/small.img && truncate -s 2M /tmp/small.img");
        await using var fs = await guest.FormatAndMountAsync(dim: 4, mountPoint: "/mnt/vexfs-small", device: "/tmp/small.img", options: "loop");
        var full = await guest.FailsAsync($"dd if=/dev/zero of={fs.Path}/fill bs=4096 count=4096 status=none");
        Assert.Contains("No space left on device", full.Stderr, StringComparison.Ordinal);
        await guest.OkAsync($"rm {fs.Path}/fill && echo ok > {fs.Path}/after && cat {fs.Path}/after");
    }
}
