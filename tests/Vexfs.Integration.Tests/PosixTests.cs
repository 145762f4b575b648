namespace Vexfs.Integration.Tests;

/// <summary>
/// The POSIX parts of issue 15: symlinks (in the inode and in a block), special files with their device
/// numbers, renameat2's RENAME_EXCHANGE and RENAME_WHITEOUT, O_TMPFILE, SEEK_DATA/SEEK_HOLE; each across a
/// remount, so what reached the disk is checked, not the caches.
/// </summary>
[Collection(GuestGroup2.Name)]
public sealed class PosixTests(GuestFixture guest)
{
    [Fact]
    public async Task Short_and_long_symlinks_read_back_and_loops_are_eloop()
    {
        var fs = guest.Vexfs(dim: 4);
        var longTarget = new string('t', 55) + "/" + new string('u', 300);
        var script = new GuestScript();
        script.FormatAndMount(fs);
        script.Ok($"cd {fs.Path} && echo body > file && ln -s file short && ln -s {longTarget} long && ln -s loop1 loop2 && ln -s loop2 loop1");
        script.Ok($"chown -h 123:456 {fs.Path}/short");
        script.Ok(fs.RemountCommand);
        var shortTarget = script.Ok($"readlink {fs.Path}/short");
        var longRead = script.Ok($"readlink {fs.Path}/long");
        var through = script.Ok($"cat {fs.Path}/short");
        var owner = script.Ok($"stat -c '%u:%g %F %s' {fs.Path}/short");
        var loop = script.Fails($"cat {fs.Path}/loop1");
        script.Ok($"rm {fs.Path}/long {fs.Path}/short");
        var left = script.Ok($"ls {fs.Path}");
        await guest.RunAsync(script);

        Assert.Equal("file", shortTarget.Stdout.Trim());
        Assert.Equal(longTarget, longRead.Stdout.Trim());
        Assert.Equal("body", through.Stdout.Trim());
        Assert.Equal("123:456 symbolic link 4", owner.Stdout.Trim());
        Assert.Contains("Too many levels of symbolic links", loop.Stderr, StringComparison.Ordinal);
        Assert.Equal("file\nloop1\nloop2", left.Stdout.Trim());
    }

    [Fact]
    public async Task Fifo_character_block_and_socket_files_keep_type_and_device_number()
    {
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        script.FormatAndMount(fs);
        script.Ok(GuestProbe.InstallCommand);
        script.Ok($"cd {fs.Path} && mkfifo fifo && mknod chr c 1 3 && mknod blk b 7 200 && {GuestProbe.Run("socket sock")}");
        script.Ok(fs.RemountCommand);
        var types = script.Ok($"cd {fs.Path} && stat -c '%n %F %t:%T' blk chr fifo sock");
        var nullDevice = script.Ok($"echo gone > {fs.Path}/chr && head -c 4 {fs.Path}/chr | wc -c");
        await guest.RunAsync(script);

        Assert.Equal(
            "blk block special file 7:c8\nchr character special file 1:3\nfifo fifo 0:0\nsock socket 0:0",
            types.Stdout.Trim());
        Assert.Equal("0", nullDevice.Stdout.Trim()); // chr is /dev/null's 1:3
    }

    [Fact]
    public async Task Rename_exchange_and_whiteout()
    {
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        script.Ok(GuestProbe.InstallCommand);
        script.FormatAndMount(fs);
        script.Ok($"cd {fs.Path} && mkdir d && echo a > a && echo inner > d/x && echo w > w");
        script.Ok(GuestProbe.Run($"exchange {fs.Path}/a {fs.Path}/d"));
        script.Ok(GuestProbe.Run($"whiteout {fs.Path}/w {fs.Path}/moved"));
        script.Ok(fs.RemountCommand);
        var swapped = script.Ok($"cat {fs.Path}/d && cat {fs.Path}/a/x");
        var whiteout = script.Ok($"stat -c '%F %t:%T' {fs.Path}/w && cat {fs.Path}/moved");
        var rootLinks = script.Ok($"stat -c %h {fs.Path}");
        await guest.RunAsync(script);

        Assert.Equal("a\ninner", swapped.Stdout.Trim());
        Assert.Equal("character special file 0:0\nw", whiteout.Stdout.Trim());
        Assert.Equal("3", rootLinks.Stdout.Trim());
    }

    [Fact]
    public async Task O_tmpfile_is_unnamed_until_linked_and_freed_when_not()
    {
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        script.Ok(GuestProbe.InstallCommand);
        script.FormatAndMount(fs);
        var before = script.Ok($"stat -f -c %d {fs.Path}");
        script.Ok(GuestProbe.Run($"tmpfile {fs.Path}"));
        script.Ok(GuestProbe.Run($"tmpfile {fs.Path} {fs.Path}/kept"));
        script.Ok(fs.RemountCommand);
        var listed = script.Ok($"ls {fs.Path} && cat {fs.Path}/kept && stat -c %h {fs.Path}/kept");
        var after = script.Ok($"stat -f -c %d {fs.Path}");
        await guest.RunAsync(script);

        Assert.Equal("kept\ntmp\n1", listed.Stdout.Trim());
        Assert.Equal(int.Parse(before.Stdout.Trim()) - 1, int.Parse(after.Stdout.Trim())); // only kept's inode stays
    }

    [Fact]
    public async Task Seek_data_and_seek_hole_follow_the_block_tree()
    {
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        script.Ok(GuestProbe.InstallCommand);
        script.FormatAndMount(fs);

        // Data at block 0, blocks 20-21 (behind the single indirect block) and block 2000 (double indirect).
        script.Ok($"cd {fs.Path} && printf x > f && dd if=/dev/zero of=f bs=4096 seek=20 count=2 conv=notrunc 2>/dev/null && dd if=/dev/zero of=f bs=4096 seek=2000 count=1 conv=notrunc 2>/dev/null && truncate -s 9000000 f");
        script.Ok(fs.RemountCommand);
        var map = script.Ok(GuestProbe.Run($"seek {fs.Path}/f"));
        var empty = script.Ok($"truncate -s 100000 {fs.Path}/h && " + GuestProbe.Run($"seek {fs.Path}/h"));
        await guest.RunAsync(script);

        Assert.Equal(
            $"data 0 hole 4096\ndata {20 * 4096} hole {22 * 4096}\ndata {2000 * 4096} hole {2001 * 4096}\nend ENXIO",
            map.Stdout.Trim());
        Assert.Equal("end ENXIO", empty.Stdout.Trim());
    }
}
