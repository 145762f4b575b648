namespace Vexfs.Integration.Tests;

/// <summary>What a user of a simple Unix filesystem expects from regular files.</summary>
[Collection(GuestGroup.Name)]
public sealed class FileOperationTests(GuestFixture guest)
{
    [Fact]
    public async Task Write_read_append_and_overwrite_keep_exact_contents()
    {
        await using var fs = await guest.FormatAndMountAsync(dim: 4);
        var f = $"{fs.Path}/notes.txt";
        await guest.OkAsync($"printf 'hello' > {f} && printf ' world' >> {f}");
        Assert.Equal("hello world", await guest.OkAsync($"cat {f}"));
        await guest.OkAsync($"printf 'J' | dd of={f} bs=1 seek=6 conv=notrunc status=none");
        Assert.Equal("hello Jorld", await guest.OkAsync($"cat {f}"));
        Assert.Equal("11", (await guest.OkAsync($"stat -c %s {f}")).Trim());
    }

    [Fact]
    public async Task Large_file_spanning_indirect_blocks_reads_back_identically()
    {
        await using var fs = await guest.FormatAndMountAsync(dim: 4);
        // 6 MiB reaches past the 12 direct and 1024 single-indirect blocks into the double-indirect tree.
        await guest.OkAsync($"head -c 6291456 /dev/urandom > /tmp/big && cp /tmp/big {fs.Path}/big && sync");
        await fs.RemountAsync();
        var sums = await guest.OkAsync($"md5sum < /tmp/big; md5sum < {fs.Path}/big");
        var lines = sums.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines[0], lines[1]);
    }

    [Fact]
    public async Task Truncate_shrinks_and_grows_with_zeros()
    {
        await using var fs = await guest.FormatAndMountAsync(dim: 4);
        var f = $"{fs.Path}/t";
        await guest.OkAsync($"head -c 20000 /dev/urandom > {f} && truncate -s 100 {f}");
        Assert.Equal("100", (await guest.OkAsync($"stat -c %s {f}")).Trim());
        await guest.OkAsync($"truncate -s 9000 {f}");
        Assert.Equal("0", (await guest.OkAsync($"tail -c 8900 {f} | tr -d '\\000' | wc -c")).Trim());
        await fs.RemountAsync();
        Assert.Equal("9000", (await guest.OkAsync($"stat -c %s {f}")).Trim());
    }

    [Fact]
    public async Task Unlink_frees_the_space_it_used()
    {
        await using var fs = await guest.FormatAndMountAsync(dim: 4);
        // The empty file first: its directory entry takes a block of the root directory that stays.
        await guest.OkAsync($"touch {fs.Path}/f && sync");
        var before = long.Parse(await guest.OkAsync($"stat -f -c %a {fs.Path}"));
        await guest.OkAsync($"head -c 1048576 /dev/zero > {fs.Path}/f && sync");
        var during = long.Parse(await guest.OkAsync($"stat -f -c %a {fs.Path}"));
        Assert.Equal(before - 256 - 1, during); // 256 data blocks and the single-indirect block
        await guest.OkAsync($"rm {fs.Path}/f && sync");
        Assert.Equal(before, long.Parse(await guest.OkAsync($"stat -f -c %a {fs.Path}")));
    }

    [Fact]
    public async Task Fsync_and_statfs_work()
    {
        await using var fs = await guest.FormatAndMountAsync(dim: 4);
        await guest.OkAsync($"dd if=/dev/zero of={fs.Path}/synced bs=4096 count=4 conv=fsync status=none");
        var df = await guest.OkAsync($"df -P {fs.Path} | tail -n 1");
        Assert.Contains(fs.Path, df, StringComparison.Ordinal);
        Assert.Contains("vexfs", await guest.OkAsync($"stat -f -c %T {fs.Path}; grep ' {fs.Path} ' /proc/mounts"), StringComparison.Ordinal);
    }
}
