using System.Diagnostics;
using System.Text;
using CliWrap;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;
using Vexfs.Lab.Images;
using Vexfs.Reports;

namespace Vexfs.Lab.ModuleBuild;

/// <summary>
/// Builds the module on the host at native speed, in a chroot of the image's own build root (the guest's
/// gcc and kernel headers), with the in-guest build's make line and a cache of Kbuild's compiler probes
/// (<see cref="KbuildProbeCache"/>). The Kbuild tree persists per image (sysroot/build/vexfs) so an edit
/// recompiles only what it touched; one build at a time per image.
/// A normal user's chroot is made in a user namespace of its own (<see cref="UserNamespace"/>).
/// </summary>
public sealed class HostModuleBuilder(ToolLocator tools, ILoggerFactory loggers)
{
    /// <summary>In the build tree: the make line of the build that made its vexfs.ko from the sources it holds.</summary>
    internal const string BuiltStamp = ".vexfs-built";

    /// <summary>The module's build directory as the chroot sees it (M= of make).</summary>
    public const string ChrootBuildDirectory = "/build/vexfs";

    private readonly ILogger<HostModuleBuilder> _logger = loggers.CreateLogger<HostModuleBuilder>();

    /// <summary>Where the persistent Kbuild tree of <paramref name="sysroot"/> is on the host.</summary>
    public static string BuildDirectoryIn(string sysroot) => Path.Combine(sysroot, ChrootBuildDirectory.TrimStart('/'));

    /// <summary>The make arguments: the guest's (W=1, every warning an error, the fault if any) and the probe cache.</summary>
    internal static IReadOnlyList<string> MakeArguments(GuestImage image, string? injectFault, int jobs) =>
        [.. KbuildMake.Arguments(ImageSysroot.KernelBuildDirectory(image), ChrootBuildDirectory, injectFault, jobs), KbuildProbeCache.Argument(ChrootBuildDirectory)];

    /// <summary>Compiles <paramref name="sourceDirectory"/> for <paramref name="image"/>'s kernel; copies vexfs.ko to <paramref name="outputDirectory"/>.</summary>
    public async Task<HostModuleBuild> BuildAsync(
        GuestImage image, string sourceDirectory, string? injectFault, TimeSpan timeout, string outputDirectory, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var sysroot = await new ImageSysroot(tools, loggers.CreateLogger<ImageSysroot>()).EnsureAsync(image, ct);
        var lockPath = Path.Combine(Path.GetDirectoryName(ImageSysroot.EntryLockPath(image))!, image.Key + ".modbuild.lock");
        using var buildLock = await CacheEntryLock.AcquireAsync(lockPath, _logger, ct);
        var buildDirectory = BuildDirectoryIn(sysroot);
        var changed = await IncrementalSourceSync.SyncAsync(sourceDirectory, buildDirectory, ct);
        _logger.LogInformation("host build for {Release}: {Count} changed source(s) {Files}", image.KernelRelease, changed.Count, string.Join(' ', changed));

        // A make with nothing to do still walks Kbuild and runs modpost, 1 s of the host beside the guest's boot in
        // every run that changed nothing. The stamp holds the make line of the last build that succeeded since the
        // last sync: a changed source, another line (a fault compiled in) or a failed build makes again.
        var make = MakeArguments(image, injectFault, Environment.ProcessorCount);
        var stamp = Path.Combine(buildDirectory, BuiltStamp);
        var module = Path.Combine(buildDirectory, "vexfs.ko");
        var stampLine = string.Join('\n', make);
        var upToDate = changed.Count == 0 && File.Exists(module) && File.Exists(stamp) && await File.ReadAllTextAsync(stamp, ct) == stampLine;
        var output = string.Empty;
        if (!upToDate)
        {
            File.Delete(stamp);
            (var exitCode, output) = await RunMakeAsync(sysroot, image.Series.Kernel.BuildMounts, make, timeout, ct);
            KbuildOutput.Check(exitCode, output, "on the host");
            if (!File.Exists(module))
            {
                throw new PhaseFailedException(FailureClass.Build, $"make succeeded but {module} is missing: {KbuildOutput.Tail(output)}");
            }

            await File.WriteAllTextAsync(stamp + ".tmp", stampLine, ct);
            File.Move(stamp + ".tmp", stamp, overwrite: true);
        }

        Directory.CreateDirectory(outputDirectory);
        var copy = Path.Combine(outputDirectory, "vexfs.ko");
        File.Copy(module, copy, overwrite: true);
        var lines = await KbuildCommandFiles.ReadCompileLinesAsync(buildDirectory, ChrootBuildDirectory, ct);
        _logger.LogInformation("host build for {Release} {What} in {Seconds:F1} s", image.KernelRelease, upToDate ? "up to date (make not run)" : "done", watch.Elapsed.TotalSeconds);
        return new HostModuleBuild(copy, sysroot, image.KernelRelease, changed, lines, watch.Elapsed, output, upToDate);
    }

    /// <summary>
    /// The chroot of a normal user: root of a user namespace that owns a PID namespace (so proc can be
    /// mounted), with the host's /dev/null bound onto the sysroot's placeholder; all of it goes with the build.
    /// </summary>
    private IReadOnlyList<string> UnprivilegedChroot(string sysroot, IReadOnlyList<string> make) => UserNamespace.Wrap(
        tools,
        subordinateIds: false,
        ["--mount", "--pid", "--fork", $"--mount-proc={Path.Combine(sysroot, "proc")}"],
        ["/bin/sh", "-c", "root=\"$1\" chroot=\"$2\"; shift 2; mount --bind /dev/null \"$root/dev/null\" && exec \"$chroot\" \"$root\" \"$@\"", "chroot-build",
            sysroot, tools.Require("chroot", "coreutils"), .. make]);

    private async Task<(int ExitCode, string Output)> RunMakeAsync(
        string sysroot, IReadOnlyList<(string Host, string Inside)> mounts, IReadOnlyList<string> make, TimeSpan timeout, CancellationToken ct)
    {
        // A clean environment like the guest's SSH session: the host's CC, ARCH, KBUILD_* or locale must not leak in.
        // objtool of 7.x reads /proc (read_stack_limit): proc is mounted in a mount namespace of the build's
        // own, so it disappears with the build and nothing stays mounted in the cache.
        string[] environment = ["-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "LC_ALL=C"];
        IReadOnlyList<string> arguments = UserNamespace.IsRoot
            ?
            [
                .. environment,
                tools.Require("unshare", "util-linux"), $"--mount-proc={Path.Combine(sysroot, "proc")}",
                .. BindChroot.Command(tools, sysroot, mounts, make),
            ]
            : mounts.Count == 0 ? [.. environment, .. UnprivilegedChroot(sysroot, make)]
            : throw new LabException("building the module against a kernel tree (--kernel-tree) needs root: the tree is bind-mounted into the build root", "run as root");
        var output = new StringBuilder();
        void Append(string line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }

            _logger.LogDebug("make: {Line}", line);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var env = tools.Require("env", "coreutils");
        _logger.LogDebug("running {Command}", ExternalTool.Describe(env, arguments));
        try
        {
            var result = await Cli.Wrap(env).WithArguments(arguments).WithValidation(CommandResultValidation.None)
                .WithStandardOutputPipe(PipeTarget.ToDelegate(Append))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(Append))
                .ExecuteAsync(deadline.Token);
            return (result.ExitCode, output.ToString());
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new PhaseFailedException(FailureClass.Hang, $"module build on the host did not finish within {timeout.TotalSeconds:F0} s");
        }
    }
}
