using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Session;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>The module's life in a guest once an <see cref="IModuleInstall"/> put it there: load, check, exercise, unload.</summary>
public sealed class GuestModule(GuestSession session, ILogger<GuestModule> logger)
{
    private static readonly TimeSpan Quick = GuestCommand.Quick;

    public async Task LoadAsync(CancellationToken ct)
    {
        var insmod = await session.RunInShellAsync($"insmod {GuestPaths.Module}", Quick, ct);
        if (!insmod.Succeeded)
        {
            throw new PhaseFailedException(insmod.TimedOut ? FailureClass.Hang : FailureClass.Load, $"insmod failed (exit {insmod.ExitCode}): {Tail(insmod.Stderr + insmod.Stdout)}");
        }

        await RequireAsync("grep -qw vexfs /proc/filesystems", FailureClass.Load, "vexfs is not in /proc/filesystems after insmod", ct);
        await RequireAsync("test -c /dev/vexfs", FailureClass.Load, "the control device /dev/vexfs is missing after insmod", ct);
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
        await session.RunInShellAsync("grep -q ' vexfs ' /proc/mounts && umount -a -t vexfs; true", Quick, ct);
        var refs = await session.RunInShellAsync("cat /sys/module/vexfs/refcnt", Quick, ct);
        var rmmod = await session.RunInShellAsync("rmmod vexfs", Quick, ct);
        if (!rmmod.Succeeded)
        {
            throw new PhaseFailedException(
                rmmod.TimedOut ? FailureClass.Hang : FailureClass.UnloadFailure,
                $"rmmod vexfs failed with no vexfs mounted (module refcount {refs.Stdout.Trim()}): {Tail(rmmod.Stderr)}");
        }

        await RequireAsync("test ! -e /sys/module/vexfs && ! grep -qw vexfs /proc/filesystems", FailureClass.UnloadFailure, "vexfs is still registered after rmmod", ct);
    }

    /// <summary>
    /// A quick end-to-end check before the suite: format, mount, write a file and a vector, remount, read both
    /// back and find the file by its vector. Lost data is its own failure class, whatever else the suite would say.
    /// </summary>
    public async Task SmokeAsync(CancellationToken ct)
    {
        const string mnt = "/mnt/vexfs-smoke";
        const string mount = $"mount -t vexfs {GuestPaths.VexfsDevice} {mnt}";
        await RequireAsync(
            $"{GuestPaths.Vexctl} mkfs {GuestPaths.VexfsDevice} --dim 4 --force >/dev/null && mkdir -p {mnt} && {mount}",
            FailureClass.Test, "formatting and mounting a fresh vexfs failed", ct);
        await RequireAsync(
            $"echo vexfs-smoke > {mnt}/file && {GuestPaths.Vexctl} vec set {mnt}/file 1,-2,3,-4 && umount {mnt} && {mount}",
            FailureClass.Test, "writing a file and a vector, then remounting, failed", ct);
        var data = await session.RunInShellAsync($"cat {mnt}/file", Quick, ct);
        var vector = await session.RunInShellAsync($"{GuestPaths.Vexctl} vec get {mnt}/file", Quick, ct);
        // One search too, so the search ioctl runs on every run, with or without the suite (and the faults in its path show).
        var search = await session.RunInShellAsync($"{GuestPaths.Vexctl} search {mnt} --query=1,-2,3,-4 --k 1", Quick, ct);
        await session.RunInShellAsync($"umount {mnt}", Quick, ct);
        if (data.Stdout.Trim() != "vexfs-smoke" || !vector.Succeeded || !vector.Stdout.Replace(" ", "", StringComparison.Ordinal).Contains("1,-2,3,-4", StringComparison.Ordinal))
        {
            throw new PhaseFailedException(
                FailureClass.DataLoss,
                $"data written before umount was not there after mount: file read \"{data.Stdout.Trim()}\" (exit {data.ExitCode}), vector read \"{vector.Stdout.Trim()}\" (exit {vector.ExitCode})");
        }

        if (!search.Succeeded || !search.Stdout.Contains("file", StringComparison.Ordinal))
        {
            throw new PhaseFailedException(FailureClass.Test, $"searching for the vector just written did not find its file (exit {search.ExitCode}): {Tail(search.Stderr + search.Stdout)}");
        }
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

    private Task RequireAsync(string command, FailureClass failureClass, string what, CancellationToken ct) =>
        GuestCommand.RequireAsync(session, command, failureClass, what, ct);

    private static string Tail(string text) => GuestCommand.Tail(text);
}
