using System.Globalization;

namespace Vexfs.Integration.Tests;

/// <summary>
/// The test device and mount point of one lane of the suite: lanes run side by side on the guest's vCPUs,
/// each on a device of its own. Lane 0 is the guest's test disk; lane n &gt; 0 a loop device over a sparse file
/// in /dev/shm. A lane is claimed in the guest with mkdir (atomic), so fixtures need no shared state and two
/// processes attached to one guest never share a device.
/// </summary>
public sealed record GuestLane(int Number, string Device, string MountPoint)
{
    private const int MaxLanes = 8;

    /// <summary>
    /// Claims the first free lane and sets up its device in one round trip: prints "NUMBER DEVICE" (lane 0's device
    /// is the test disk, lane n's a loop device over a sparse file), or nothing when all lanes are taken.
    /// </summary>
    public static string ClaimCommand(string testDisk) =>
        $"for n in {string.Join(' ', Enumerable.Range(0, MaxLanes))}; do mkdir {ClaimPath("$n")} 2>/dev/null && break; n=; done; [ -n \"$n\" ] || exit 0; " +
        $"if [ $n = 0 ]; then echo 0 {testDisk}; else " +
        $"truncate -s $(blockdev --getsize64 {testDisk}) {Backing("$n")} && d=$(losetup -f --show {Backing("$n")}) && echo $n $d; fi";

    /// <summary>The lane <see cref="ClaimCommand"/> printed, or null when it printed no lane.</summary>
    public static GuestLane? Parse(string claimOutput) =>
        claimOutput.Trim().Split(' ', 2) is [var number, var device]
        && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && device.Length > 0
            ? Create(n, device)
            : null;

    public static GuestLane Create(int number, string device) =>
        new(number, device, number == 0 ? "/mnt/vexfs-test" : $"/mnt/vexfs-test-{number}");

    /// <summary>Unmounts the lane's filesystem, frees its loop device and file, and gives the lane back.</summary>
    public string ReleaseCommand => Number == 0
        ? $"umount {MountPoint} 2>/dev/null; rmdir {ClaimPath(Name)}"
        : $"umount {MountPoint} 2>/dev/null; losetup -d {Device}; rm -f {Backing(Name)}; rmdir {ClaimPath(Name)}";

    /// <summary>The suite's command log for this lane, beside the one VmIntegration names.</summary>
    public string CommandLog(string path) => Number == 0
        ? path
        : Path.Combine(Path.GetDirectoryName(path) ?? ".", $"{Path.GetFileNameWithoutExtension(path)}-lane{Number}{Path.GetExtension(path)}");

    private string Name => Number.ToString(CultureInfo.InvariantCulture);

    private static string ClaimPath(string number) => $"/run/vexfs-lane-{number}";

    private static string Backing(string number) => $"/dev/shm/vexfs-lane-{number}.img";
}
