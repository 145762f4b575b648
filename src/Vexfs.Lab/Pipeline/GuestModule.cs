using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Session;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>The module's life in a guest once an <see cref="IModuleInstall"/> put it there: load, check, exercise, unload.</summary>
public sealed class GuestModule(GuestSession session, ILogger<GuestModule> logger)
{
    private static readonly TimeSpan Quick = GuestCommand.Quick;

    // One round trip each for load and unload, each check its own exit code: a command costs a fork of the
    // resident shell and a wake-up of sshd, and the /proc files are read by bash's builtins, not by grep.
    private const string NotRegistered = "vexfs_fs=; IFS= read -r -d '' vexfs_fs </proc/filesystems; [[ $vexfs_fs != *$'\t'vexfs$'\n'* ]]";
    private const int MissingFilesystem = 98;
    private const int MissingDevice = 99;
    private const int StillRegistered = 97;
    private const int SmokeFormatFailed = 91;
    private const int SmokeWriteFailed = 92;
    private const string SmokeMarker = "@@vexfs-smoke-read";

    public async Task LoadAsync(CancellationToken ct)
    {
        var load = await session.RunInShellAsync(
            $"insmod {GuestPaths.Module} || exit $?; ! {{ {NotRegistered}; }} || exit {MissingFilesystem}; test -c /dev/vexfs || exit {MissingDevice}", Quick, ct);
        var reason = load switch
        {
            { Succeeded: true } => null,
            { TimedOut: false, ExitCode: MissingFilesystem } => "vexfs is not in /proc/filesystems after insmod",
            { TimedOut: false, ExitCode: MissingDevice } => "the control device /dev/vexfs is missing after insmod",
            _ => $"insmod failed (exit {load.ExitCode}): {Tail(load.Stderr + load.Stdout)}",
        };
        if (reason is not null)
        {
            throw new PhaseFailedException(load.TimedOut ? FailureClass.Hang : FailureClass.Load, reason);
        }
    }

    /// <summary>Asks the module for its status through vexctl's ioctl and checks ABI and kernel release.</summary>
    public async Task<JsonObject> CheckStatusAsync(string guestKernelRelease, CancellationToken ct)
    {
        var result = await session.RunInShellAsync($"{GuestPaths.Vexctl} status --json", Quick, ct);
        if (result.TimedOut)
        {
            throw new PhaseFailedException(FailureClass.Hang, "vexctl status did not answer within 60 s (the status ioctl hangs)");
        }

        if (result.ExitCode == 4)
        {
            throw new PhaseFailedException(FailureClass.Abi, $"ABI mismatch between vexctl and the module: {result.Stderr.Trim()}");
        }

        if (result.ExitCode != 0)
        {
            throw new PhaseFailedException(FailureClass.Load, $"vexctl status failed (exit {result.ExitCode}): {Tail(result.Stderr + result.Stdout)}");
        }

        var status = JsonNode.Parse(result.Stdout) as JsonObject
            ?? throw new PhaseFailedException(FailureClass.Abi, "vexctl status --json did not print a JSON object");
        var abi = (int?)status["abiVersion"];
        var expected = (int?)status["vexctlAbiVersion"];
        if (abi is null || abi != expected)
        {
            throw new PhaseFailedException(FailureClass.Abi, $"module reports ABI version {abi}, vexctl expects {expected}");
        }

        var built = (string?)status["kernelRelease"];
        if (!string.Equals(built, guestKernelRelease, StringComparison.Ordinal))
        {
            throw new PhaseFailedException(FailureClass.Abi, $"module was built for kernel {built} but the guest runs {guestKernelRelease}");
        }

        return status;
    }

    /// <summary>Unmounts what is left, removes the module and checks that it is gone and its references were released.</summary>
    public async Task UnloadAsync(CancellationToken ct)
    {
        var unload = await session.RunInShellAsync(
            "vexfs_m=; IFS= read -r -d '' vexfs_m </proc/mounts; [[ $vexfs_m != *' vexfs '* ]] || umount -a -t vexfs; " +
            "read -r vexfs_refs </sys/module/vexfs/refcnt; echo \"$vexfs_refs\"; " +
            $"rmmod vexfs || exit $?; ! test -e /sys/module/vexfs && {NotRegistered} || exit {StillRegistered}", Quick, ct);
        if (unload.Succeeded)
        {
            return;
        }

        if (!unload.TimedOut && unload.ExitCode == StillRegistered)
        {
            throw new PhaseFailedException(FailureClass.UnloadFailure, "vexfs is still registered after rmmod");
        }

        throw new PhaseFailedException(
            unload.TimedOut ? FailureClass.Hang : FailureClass.UnloadFailure,
            $"rmmod vexfs failed with no vexfs mounted (module refcount {unload.Stdout.Trim()}): {Tail(unload.Stderr)}");
    }

    /// <summary>
    /// A quick end-to-end check before the suite: format, mount, write a file and a vector, remount, read both
    /// back and find the file by its vector. Lost data is its own failure class, whatever else the suite would say.
    /// </summary>
    public async Task SmokeAsync(CancellationToken ct)
    {
        const string mnt = "/mnt/vexfs-smoke";
        const string mount = $"mount -t vexfs {GuestPaths.VexfsDevice} {mnt}";
        const string vexctl = GuestPaths.Vexctl;
        const string end = $"printf '\\n{SmokeMarker} %d\\n' $?";

        // One command, one round trip: the writes stop at the first failure (its own exit code); the three reads
        // each end with a marker and their exit code, and one search runs on every run, with or without the
        // suite, so the faults in the search ioctl's path show.
        var smoke = await session.RunInShellAsync(
            $"{vexctl} mkfs {GuestPaths.VexfsDevice} --dim 4 --force >/dev/null && mkdir -p {mnt} && {mount} || exit {SmokeFormatFailed}; " +
            $"echo vexfs-smoke > {mnt}/file && {vexctl} vec set {mnt}/file 1,-2,3,-4 && umount {mnt} && {mount} || exit {SmokeWriteFailed}; " +
            $"cat {mnt}/file; {end}; {vexctl} vec get {mnt}/file; {end}; {vexctl} search {mnt} --query=1,-2,3,-4 --k 1; {end}; umount {mnt}",
            Quick, ct);
        var reads = SmokeReads(smoke.Stdout);
        if (smoke.TimedOut || reads.Count < 3)
        {
            var what = smoke switch
            {
                { TimedOut: true } => $"the smoke test did not finish within {Quick.TotalSeconds:F0} s",
                { ExitCode: SmokeFormatFailed } => "formatting and mounting a fresh vexfs failed",
                { ExitCode: SmokeWriteFailed } => "writing a file and a vector, then remounting, failed",
                _ => $"the smoke test stopped after {reads.Count} of its 3 reads",
            };
            throw new PhaseFailedException(smoke.TimedOut ? FailureClass.Hang : FailureClass.Test, $"{what} (exit {smoke.ExitCode}) {Tail(smoke.Stderr)}".Trim());
        }

        var (data, vector, search) = (reads[0], reads[1], reads[2]);
        if (data.Output.Trim() != "vexfs-smoke" || vector.ExitCode != 0 || !vector.Output.Replace(" ", "", StringComparison.Ordinal).Contains("1,-2,3,-4", StringComparison.Ordinal))
        {
            throw new PhaseFailedException(
                FailureClass.DataLoss,
                $"data written before umount was not there after mount: file read \"{data.Output.Trim()}\" (exit {data.ExitCode}), vector read \"{vector.Output.Trim()}\" (exit {vector.ExitCode})");
        }

        if (search.ExitCode != 0 || !search.Output.Contains("file", StringComparison.Ordinal))
        {
            throw new PhaseFailedException(FailureClass.Test, $"searching for the vector just written did not find its file (exit {search.ExitCode}): {Tail(smoke.Stderr + search.Output)}");
        }
    }

    /// <summary>The output and exit code of each read the smoke command marked, in order.</summary>
    internal static IReadOnlyList<(string Output, int ExitCode)> SmokeReads(string stdout)
    {
        const string marker = $"\n{SmokeMarker} ";
        var reads = new List<(string, int)>();
        var rest = stdout;
        for (var at = rest.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = rest.IndexOf(marker, StringComparison.Ordinal))
        {
            var after = rest[(at + marker.Length)..];
            var newline = after.IndexOf('\n', StringComparison.Ordinal);
            var code = int.TryParse(newline < 0 ? after : after[..newline], System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
            reads.Add((rest[..at], code));
            rest = newline < 0 ? "" : after[(newline + 1)..];
        }

        return reads;
    }

    public async Task<string> RunBenchAsync(int vectors, int queries, TimeSpan timeout, CancellationToken ct)
    {
        var script = string.Join(" && ", [
            $"{GuestPaths.Vexctl} mkfs {GuestPaths.VexfsDevice} --dim 64 --force >/dev/null",
            $"mkdir -p {GuestPaths.BenchMount}",
            $"mount -t vexfs {GuestPaths.VexfsDevice} {GuestPaths.BenchMount}",
            $"{GuestPaths.Vexctl} bench {GuestPaths.BenchMount} --vectors {vectors} --queries {queries}",
        ]);
        var result = await session.RunInShellAsync($"{script}; rc=$?; umount {GuestPaths.BenchMount} 2>/dev/null; exit $rc", timeout, ct);
        if (!result.Succeeded)
        {
            throw new PhaseFailedException(result.TimedOut ? FailureClass.Hang : FailureClass.Test, $"vexctl bench failed (exit {result.ExitCode}): {Tail(result.Stderr)}");
        }

        logger.LogInformation("bench: {Json}", result.Stdout.Trim());
        return result.Stdout;
    }

    private static string Tail(string text) => GuestCommand.Tail(text);
}
