using System.Globalization;
using Vexfs.Lab.Pipeline;

namespace Vexfs.Integration.Tests;

/// <summary>
/// The test device and mount point of one lane of the suite: lanes run side by side on the guest's vCPUs,
/// each on a device of its own. Lane 0 is the guest's test disk; lane n &gt; 0 a loop device over a sparse file
/// in /dev/shm. A lane is claimed in the guest with mkdir (atomic), so fixtures need no shared state and two
/// processes attached to one guest never share a device. Each lane has a resident `vexctl serve` in its claim
/// directory: its commands call vexctl as a shell function (<see cref="Prelude"/>) that costs no process start,
/// 40-60 ms each in a TCG guest.
/// </summary>
public sealed record GuestLane(int Number, string Device, string MountPoint)
{
    private const int MaxLanes = 8;

    /// <summary>
    /// Claims the first free lane, sets up its device and starts its vexctl server in one round trip: prints
    /// "NUMBER DEVICE" (lane 0's device is the test disk, lane n's a loop device over a sparse file), or nothing when
    /// all lanes are taken. The server ends with the session's shell (its --owner); where it does not start (a guest
    /// with an older vexctl), the lane's client script is empty and its commands run the binary.
    /// </summary>
    public static string ClaimCommand(string testDisk) =>
        $"for n in {string.Join(' ', Enumerable.Range(0, MaxLanes))}; do mkdir {ClaimPath("$n")} 2>/dev/null && break; n=; done; [ -n \"$n\" ] || exit 0; " +
        $"exec {{s}}< <(exec {GuestPaths.Vexctl} serve {ClaimPath("$n")} --owner $$ 2>{ClaimPath("$n")}/serve.log); IFS= read -t 20 -r -u $s r; exec {{s}}<&-; " +
        $"[ \"$r\" = ready ] || : > {ClientScript("$n")}; " +
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

    /// <summary>
    /// Put before each of the lane's commands: makes `vexctl` the function that hands a command to the lane's server.
    /// A shell builtin reading a small file, so it costs no process.
    /// </summary>
    public string Prelude => $". {ClientScript(Name)}; ";

    /// <summary>
    /// Unmounts the lane's filesystem (a test's cleanup normally has) and checks that nothing of it is mounted, so
    /// the lane can go to the next collection with its device and server: exit 0 only then.
    /// </summary>
    public string ParkCommand => $"{UnmountIfMounted}; {NotMounted}";

    /// <summary>
    /// Stops the lane's vexctl server, unmounts its filesystem, frees its loop device and file, and gives the lane back:
    /// two processes at most (the release of both lanes ends the suite).
    /// </summary>
    public string ReleaseCommand =>
        $"read -r p < {ClaimPath(Name)}/pid 2>/dev/null && kill $p; {UnmountIfMounted}; " +
        (Number == 0 ? $"rm -rf {ClaimPath(Name)}" : $"losetup -d {Device}; rm -rf {Backing(Name)} {ClaimPath(Name)}");

    // Bash builtins read the mount table of the shell's namespace, where the lane's mounts are: no process unless mounted.
    private string NotMounted => $"IFS= read -r -d '' m </proc/self/mounts; [[ $m != *\" {MountPoint} \"* ]]";

    private string UnmountIfMounted => $"{NotMounted} || umount {MountPoint}";

    /// <summary>The suite's command log for this lane, beside the one VmIntegration names.</summary>
    public string CommandLog(string path) => Number == 0
        ? path
        : Path.Combine(Path.GetDirectoryName(path) ?? ".", $"{Path.GetFileNameWithoutExtension(path)}-lane{Number}{Path.GetExtension(path)}");

    private string Name => Number.ToString(CultureInfo.InvariantCulture);

    private static string ClaimPath(string number) => $"/run/vexfs-lane-{number}";

    private static string ClientScript(string number) => $"{ClaimPath(number)}/vexctl.sh";

    private static string Backing(string number) => $"/dev/shm/vexfs-lane-{number}.img";
}
