using System.Globalization;
using System.Text;

namespace Vexfs.Lab.Fuzz;

/// <summary>
/// The fixed workload every case gets, as POSIX sh for the guest: mount, walk, read, write, vectors (set,
/// get, search), truncate, mkdir, rename, unlink everything, umount. Each step may fail on a damaged image
/// (that is fine); the kernel log and the deadline judge the case. Shell builtins where possible: each
/// process start costs about 0.1 s in a TCG guest. Markers in the kernel log (/dev/kmsg) bound each case's
/// part of the console so findings are attributed to the case that caused them.
/// </summary>
public static class FuzzWorkload
{
    public const string MountPoint = "/mnt/vexfs-fuzz";
    public const string MarkerPrefix = "vexfs-fuzz: case ";
    public const string OutputPrefix = "@@ case ";

    /// <summary>Raise the console log level (every report line reaches the serial console) and drop vdb's stale cache.</summary>
    public static string BatchPreamble(string device) =>
        $"echo 8 > /proc/sys/kernel/printk; mkdir -p {MountPoint}; blockdev --flushbufs {device} 2>/dev/null\n";

    /// <summary>Writes every change back and drops vdb's cache, so the host can write the next batch's images.</summary>
    public static string BatchEpilogue(string device) => $"sync; blockdev --flushbufs {device} 2>/dev/null; echo '@@ batch done'\n";

    /// <summary>The case's mount options for a region of a disk (a loop device over byte range of it).</summary>
    public static string RegionSource(string device, long offset, long size) =>
        string.Create(CultureInfo.InvariantCulture, $"-o loop,offset={offset},sizelimit={size} {device}");

    /// <summary>The workload of one case; <paramref name="mountSource"/> is what follows `mount -t vexfs`.</summary>
    public static string Case(string id, string mountSource, uint dim, string vexctl)
    {
        var vector = string.Join(',', Enumerable.Range(1, (int)Math.Max(1, dim)).Select(i => ((i % 2 == 0 ? -1 : 1) * i % 128).ToString(CultureInfo.InvariantCulture)));
        var query = string.Join(',', Enumerable.Repeat("1", (int)Math.Max(1, dim)));
        const string m = MountPoint;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"echo '<5>{MarkerPrefix}{id} start' > /dev/kmsg; echo '{OutputPrefix}{id}'\n");
        s.Append(CultureInfo.InvariantCulture, $"if mount -t vexfs {mountSource} {m} 2>&1; then\n");
        s.Append(CultureInfo.InvariantCulture, $"  ls -laR {m} > /dev/null 2>&1; echo \"walk $?\"\n");
        // Bounded reads (the start and the end of each file): a damaged size may make a file 4 GiB of holes.
        s.Append(CultureInfo.InvariantCulture, $"  find {m} -type f -exec head -c 1048576 {{}} + -exec tail -c 65536 {{}} + > /dev/null 2>&1; echo \"read $?\"\n");
        s.Append(CultureInfo.InvariantCulture, $"  for f in {m}/* {m}/*/*; do [ -f \"$f\" ] && echo fuzz >> \"$f\"; done 2>/dev/null; echo \"write $?\"\n");
        s.Append(CultureInfo.InvariantCulture, $"  echo new > {m}/fz-new 2>/dev/null; {vexctl} vec set {m}/fz-new {vector} 2>&1; {vexctl} vec get {m}/fz-new 2>&1\n");
        s.Append(CultureInfo.InvariantCulture, $"  for f in {m}/*; do [ -f \"$f\" ] && {{ {vexctl} vec get \"$f\" 2>&1; break; }}; done\n");
        s.Append(CultureInfo.InvariantCulture, $"  {vexctl} search {m} --query {query} --k 8 2>&1\n");
        s.Append(CultureInfo.InvariantCulture, $"  truncate -s 1 {m}/* 2>/dev/null; truncate -s 70000 {m}/fz-new 2>&1; echo \"truncate $?\"\n");
        s.Append(CultureInfo.InvariantCulture, $"  mkdir -p {m}/fz-dir/sub 2>&1; mv {m}/fz-new {m}/fz-dir/sub/moved 2>&1; mv {m}/fz-dir {m}/fz-dir2 2>&1; echo \"rename $?\"\n");
        s.Append(CultureInfo.InvariantCulture, $"  rm -rf {m}/* 2>&1; echo \"unlink $?\"\n");
        s.Append(CultureInfo.InvariantCulture, $"  umount {m} 2>&1 || umount -l {m} 2>&1; echo \"umount $?\"\n");
        s.Append("else echo 'mount refused'; fi\n");
        s.Append(CultureInfo.InvariantCulture, $"echo '<5>{MarkerPrefix}{id} end' > /dev/kmsg\n");
        return s.ToString();
    }

    /// <summary>The case as a standalone script: run as root where vexfs is loaded, on a copy of the case's image.</summary>
    public static string Standalone(FuzzCase fuzzCase, uint dim, string vexctl) =>
        "#!/bin/sh\n" +
        $"# vexfs fuzz case {fuzzCase.Id}: run as root in a guest with vexfs loaded: sh {fuzzCase.Id}.sh {fuzzCase.Id}.img\n" +
        "# The workload changes the image, so it runs on a copy.\n" +
        $"img=${{1:-{fuzzCase.Id}.img}}; cp \"$img\" /tmp/vexfs-fuzz-case.img || exit 1\n" +
        BatchPreamble("/dev/null") +
        Case(fuzzCase.Id, "-o loop /tmp/vexfs-fuzz-case.img", dim, vexctl);
}
