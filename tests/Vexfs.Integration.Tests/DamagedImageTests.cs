namespace Vexfs.Integration.Tests;

/// <summary>
/// Images damaged on purpose (the cases of issue 15, made by editing the unmounted device with dd) are
/// refused where the bad value enters, with -EFSCORRUPTED ("Structure needs cleaning") and a log line naming
/// the device and inode, never a warning, a lockup or further damage. The run's kernel-log scan fails the
/// suite on any WARNING or BUG these cases might cause; each test also checks the log since its own start.
/// </summary>
[Collection(GuestGroup.Name)]
public sealed class DamagedImageTests(GuestFixture guest)
{
    private const string Unclean = "Structure needs cleaning";
    private const string InoFile = "/tmp/vexfs-damaged-ino";

    // Inode fields (struct vexfs_inode): links at 2, size at 16, atime_nsec at 48.
    private const int LinksField = 2;
    private const int SizeField = 16;
    private const int AtimeNsecField = 48;

    // peek DEV OFFSET BYTES prints an unsigned little-endian field; poke DEV OFFSET VALUE BYTES writes one (the
    // probe, one process a field); ioff DEV INO is the byte offset of an inode (the inode table's first block is
    // at superblock offset 52).
    private const string Helpers =
        "peek() { " + GuestProbe.Path + " peek \"$@\"; }; poke() { " + GuestProbe.Path + " poke \"$@\"; }; " +
        "ioff() { echo $(( $(peek $1 52 4) * 4096 + $2 * 128 )); }";

    private static GuestScript NewScript()
    {
        var script = new GuestScript();
        script.Ok(GuestProbe.InstallCommand);
        return script;
    }

    /// <summary>Writes value into a field of the inode whose number the test saved in <see cref="InoFile"/>.</summary>
    private static string Poke(TestVexfs fs, int field, long value, int bytes) =>
        $"{Helpers}; poke {fs.Device} $(( $(ioff {fs.Device} $(<{InoFile})) + {field} )) {value} {bytes}";

    private static string SaveIno(string path) => $"stat -c %i {path} > {InoFile}";

    /// <summary>Unmounts, marks the kernel log, damages the image and mounts it again.</summary>
    private static void Damage(GuestScript script, TestVexfs fs, string id, string poke)
    {
        script.Ok($"{fs.UnmountCommand} && echo vexfs-damage-{id} > /dev/kmsg");
        script.Ok(poke);
        script.Ok(fs.MountCommand);
    }

    private static ScriptStep LogSince(GuestScript script, string id) =>
        script.Ok($"dmesg | sed -n '/vexfs-damage-{id}/,$p'");

    private static void AssertQuiet(ScriptStep log)
    {
        foreach (var report in (string[])["WARNING", "BUG", "soft lockup", "Call Trace"])
        {
            Assert.DoesNotContain(report, log.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_directory_claiming_2_to_the_44_bytes_is_refused_not_walked()
    {
        var fs = guest.Vexfs(dim: 4);
        var id = Guid.NewGuid().ToString("N");
        var script = NewScript();
        script.FormatAndMount(fs);
        script.Ok($"mkdir {fs.Path}/d && touch {fs.Path}/d/f && {SaveIno($"{fs.Path}/d")}");
        Damage(script, fs, id, Poke(fs, SizeField, 0xFFFFFFFF000, 8));
        var list = script.Fails($"timeout 60 ls {fs.Path}/d");

        // Within the file size limit but past the directory's one block: 1000 blocks, 999 of them not there.
        script.Ok(fs.UnmountCommand);
        script.Ok(Poke(fs, SizeField, 1000 * 4096, 8));
        script.Ok(fs.MountCommand);
        var list1000 = script.Fails($"timeout 60 ls {fs.Path}/d");
        var root = script.Ok($"ls {fs.Path}");
        var log = LogSince(script, id);
        await guest.RunAsync(script);

        Assert.Contains(Unclean, list.Stderr, StringComparison.Ordinal);
        Assert.Contains(Unclean, list1000.Stderr, StringComparison.Ordinal);
        Assert.Equal("d", root.Stdout.Trim());
        Assert.Contains("has a size beyond the file size limit (mode 040755)", log.Stdout, StringComparison.Ordinal);
        Assert.Contains("is a directory larger than its blocks", log.Stdout, StringComparison.Ordinal);
        AssertQuiet(log);
    }

    [Fact]
    public async Task Two_entries_for_an_inode_with_one_link_stop_at_the_floor()
    {
        var fs = guest.Vexfs(dim: 4);
        var id = Guid.NewGuid().ToString("N");
        var script = NewScript();
        script.FormatAndMount(fs);
        script.Ok($"echo x > {fs.Path}/a && ln {fs.Path}/a {fs.Path}/b && {SaveIno($"{fs.Path}/a")}");
        Damage(script, fs, id, Poke(fs, LinksField, 1, 2));

        // Both names looked up first, so the inode stays cached (held by b's dentry) after a's unlink, as
        // when any process has it open: the second unlink then meets a link count of 0.
        script.Ok($"stat {fs.Path}/a {fs.Path}/b >/dev/null && rm {fs.Path}/a");
        var second = script.Fails($"rm {fs.Path}/b");
        script.Ok(fs.RemountCommand);
        var after = script.Fails($"cat {fs.Path}/b");
        var log = LogSince(script, id);
        await guest.RunAsync(script);

        Assert.Contains(Unclean, second.Stderr, StringComparison.Ordinal);
        Assert.Contains(Unclean, after.Stderr, StringComparison.Ordinal); // b names a freed inode: refused
        Assert.Contains("link count 0 cannot drop below 0", log.Stdout, StringComparison.Ordinal);
        Assert.Contains("is free in the inode bitmap", log.Stdout, StringComparison.Ordinal);
        AssertQuiet(log);
    }

    [Fact]
    public async Task A_directory_with_one_link_is_refused_before_it_can_reach_zero()
    {
        var fs = guest.Vexfs(dim: 4);
        var id = Guid.NewGuid().ToString("N");
        var script = NewScript();
        script.FormatAndMount(fs);
        script.Ok($"mkdir -p {fs.Path}/d/sub && {SaveIno($"{fs.Path}/d")}");
        Damage(script, fs, id, Poke(fs, LinksField, 1, 2));
        var rmdir = script.Fails($"rmdir {fs.Path}/d/sub");
        script.Ok(fs.RemountCommand);
        var root = script.Ok($"ls {fs.Path}");
        var log = LogSince(script, id);
        await guest.RunAsync(script);

        Assert.Contains(Unclean, rmdir.Stderr, StringComparison.Ordinal);
        Assert.Equal("d", root.Stdout.Trim());
        Assert.Contains("is a directory with fewer than 2 links", log.Stdout, StringComparison.Ordinal);
        AssertQuiet(log);
    }

    [Fact]
    public async Task Negative_sizes_and_bad_nanoseconds_are_refused_at_iget()
    {
        var fs = guest.Vexfs(dim: 4);
        var id = Guid.NewGuid().ToString("N");
        var script = NewScript();
        script.FormatAndMount(fs);
        script.Ok($"dd if=/dev/zero of={fs.Path}/big bs=4096 count=20 status=none && {SaveIno($"{fs.Path}/big")}");
        var free = script.Ok($"stat -f -c %f {fs.Path}");
        Damage(script, fs, id, Poke(fs, SizeField, -4096, 8));
        var negative = script.Fails($"truncate -s 0 {fs.Path}/big");
        script.Ok(fs.UnmountCommand);
        script.Ok(Poke(fs, SizeField, 81920, 8) + " && " + Poke(fs, AtimeNsecField, 1_000_000_000, 4));
        script.Ok(fs.MountCommand);
        var nsec = script.Fails($"stat {fs.Path}/big");
        var freeAfter = script.Ok($"stat -f -c %f {fs.Path}");
        var log = LogSince(script, id);
        await guest.RunAsync(script);

        Assert.Contains(Unclean, negative.Stderr, StringComparison.Ordinal);
        Assert.Contains(Unclean, nsec.Stderr, StringComparison.Ordinal);
        Assert.Equal(free.Stdout.Trim(), freeAfter.Stdout.Trim()); // nothing freed that is still in use
        Assert.Contains("has a size beyond the file size limit", log.Stdout, StringComparison.Ordinal);
        Assert.Contains("nanoseconds >= 10^9", log.Stdout, StringComparison.Ordinal);
        AssertQuiet(log);
    }

    [Fact]
    public async Task A_vector_of_an_inode_the_bitmap_marks_free_is_not_inherited()
    {
        var fs = guest.Vexfs(dim: 4);
        var id = Guid.NewGuid().ToString("N");
        var script = NewScript();
        script.FormatAndMount(fs);
        script.Ok($"touch {fs.Path}/old && {SaveIno($"{fs.Path}/old")}");
        script.Ok(Vexctl.SetCommand($"{fs.Path}/old", [7, 7, 7, 7]));

        // Clear old's bit in the inode bitmap (its first block is at superblock offset 36), as a crash
        // between freeing the bit and zeroing the inode would.
        const string clearBit =
            "n=$(<" + InoFile + "); o=$(( $(peek {0} 36 4) * 4096 + n / 8 )); b=$(peek {0} $o 1); poke {0} $o $(( b & ~(1 << (n % 8)) )) 1";
        Damage(script, fs, id, Helpers + "; " + string.Format(System.Globalization.CultureInfo.InvariantCulture, clearBit, fs.Device));
        var status = script.Ok(Vexctl.StatusCommand);
        script.Ok($"rm -f {fs.Path}/old 2>/dev/null; touch {fs.Path}/new");
        var sameIno = script.Ok($"[ $(stat -c %i {fs.Path}/new) = $(<{InoFile}) ] && echo reused || echo other");
        var vector = script.Fails($"{Vexctl.GetCommand($"{fs.Path}/new")}");
        var log = LogSince(script, id);
        await guest.RunAsync(script);

        Assert.Equal(0, (int)Vexctl.ParseMountStatus(status.Stdout, fs.Device)["filesWithVectors"]!);
        Assert.Equal("reused", sameIno.Stdout.Trim());
        Assert.Contains("ENODATA", vector.Stderr, StringComparison.Ordinal);
        Assert.Contains("has a vector but is free in the inode bitmap", log.Stdout, StringComparison.Ordinal);
        AssertQuiet(log);
    }

    [Fact]
    public async Task A_format_1_image_is_refused_with_what_to_do()
    {
        var fs = guest.Vexfs(dim: 4);
        var id = Guid.NewGuid().ToString("N");
        var script = NewScript();
        script.FormatAndMount(fs);
        script.Ok($"{fs.UnmountCommand} && echo vexfs-damage-{id} > /dev/kmsg");
        script.Ok($"{Helpers}; poke {fs.Device} 4 1 4");
        var mount = script.Fails(fs.MountCommand);
        var log = LogSince(script, id);
        await guest.RunAsync(script);

        Assert.NotEqual(0, mount.ExitCode);
        Assert.Contains("format version 1 is older than this module's 2", log.Stdout, StringComparison.Ordinal);
        Assert.Contains("vexctl mkfs", log.Stdout, StringComparison.Ordinal);
    }
}
