namespace Vexfs.Integration.Tests;

/// <summary>What a user of a simple Unix filesystem expects from regular files.</summary>
[Collection(GuestGroup.Name)]
public sealed class FileOperationTests(GuestFixture guest)
{
    [Fact]
    public async Task Write_read_append_and_overwrite_keep_exact_contents()
    {
        var fs = guest.Vexfs(dim: 4);
        var f = $"{fs.Path}/notes.txt";
        var script = new GuestScript();
        script.FormatAndMount(fs);
        script.Ok($"printf 'hello' > {f} && printf ' world' >> {f}");
        var appended = script.Ok($"cat {f}");
        script.Ok($"printf 'J' | dd of={f} bs=1 seek=6 conv=notrunc status=none");
        var overwritten = script.Ok($"cat {f}");
        var size = script.Ok($"stat -c %s {f}");
        script.Ok(fs.RemountCommand);
        var remounted = script.Ok($"cat {f}");
        await guest.RunAsync(script);

        Assert.Equal("hello world", appended.Stdout);
        Assert.Equal("hello Jorld", overwritten.Stdout);
        Assert.Equal("11", size.Stdout.Trim());
        Assert.Equal("hello Jorld", remounted.Stdout);
    }

    [Fact]
    public async Task Large_file_spanning_indirect_blocks_reads_back_identically()
    {
        // The small inode table: the block tree is the subject, and mkfs's default layout (65,536 inodes, an 8 MiB
        // table) made format and remount 0.6 s of this lane; smoke, bench and Persistence keep the default layout.
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        script.FormatAndMount(fs);

        // 6 MiB reaches past the 12 direct and 1024 single-indirect blocks into the double-indirect tree.
        script.Ok(GuestProbe.InstallCommand);
        script.Ok($"{GuestProbe.Run("fill /tmp/big 6291456 1")} && cp /tmp/big {fs.Path}/big && sync");
        script.Ok(fs.RemountCommand);
        var sums = script.Ok($"md5sum < /tmp/big; md5sum < {fs.Path}/big; stat -c %s {fs.Path}/big");
        await guest.RunAsync(script, timeoutSeconds: 300);

        var lines = sums.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(lines[0], lines[1]);
        Assert.Equal("6291456", lines[2]);
    }

    [Fact]
    public async Task Truncate_shrinks_and_grows_with_zeros()
    {
        var fs = guest.Vexfs(dim: 4);
        var f = $"{fs.Path}/t";
        var script = new GuestScript();
        script.FormatAndMount(fs);
        script.Ok($"head -c 20000 /dev/urandom > /tmp/t && cp /tmp/t {f} && truncate -s 100 {f}");
        var shrunk = script.Ok($"stat -c %s {f}");
        var kept = script.Ok($"head -c 100 /tmp/t | cmp - {f} && echo same");
        script.Ok($"truncate -s 9000 {f}");
        var zeros = script.Ok($"tail -c 8900 {f} | tr -d '\\000' | wc -c");
        script.Ok(fs.RemountCommand);
        var grown = script.Ok($"stat -c %s {f}");
        await guest.RunAsync(script);

        Assert.Equal("100", shrunk.Stdout.Trim());
        Assert.Equal("same", kept.Stdout.Trim());
        Assert.Equal("0", zeros.Stdout.Trim());
        Assert.Equal("9000", grown.Stdout.Trim());
    }

    [Fact]
    public async Task Unlink_frees_the_space_it_used()
    {
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        script.FormatAndMount(fs);

        // The empty file first: its directory entry takes a block of the root directory that stays.
        script.Ok($"touch {fs.Path}/f && sync");
        var before = script.Ok($"stat -f -c %a {fs.Path}");
        script.Ok($"head -c 1048576 /dev/zero > {fs.Path}/f && sync");
        var during = script.Ok($"stat -f -c %a {fs.Path}");
        script.Ok($"rm {fs.Path}/f && sync");
        var after = script.Ok($"stat -f -c %a {fs.Path}");
        await guest.RunAsync(script);

        var free = long.Parse(before.Stdout);
        Assert.Equal(free - 256 - 1, long.Parse(during.Stdout)); // 256 data blocks and the single-indirect block
        Assert.Equal(free, long.Parse(after.Stdout));
    }

    [Fact]
    public async Task Fsync_and_statfs_work()
    {
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        script.FormatAndMount(fs);
        script.Ok($"dd if=/dev/zero of={fs.Path}/synced bs=4096 count=4 conv=fsync status=none");
        var df = script.Ok($"df -P {fs.Path} | tail -n 1");
        var type = script.Ok($"stat -f -c %T {fs.Path}; grep ' {fs.Path} ' /proc/mounts");
        var size = script.Ok($"stat -c %s {fs.Path}/synced");
        await guest.RunAsync(script);

        Assert.Contains(fs.Path, df.Stdout, StringComparison.Ordinal);
        Assert.Contains("vexfs", type.Stdout, StringComparison.Ordinal);
        Assert.Equal("16384", size.Stdout.Trim());
    }
}
