using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Images;
using Vexfs.Lab.Machine;
using Vexfs.Lab.Session;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>A running guest with an SSH session to it; disposing it stops QEMU unless it is kept.</summary>
public sealed class BootedGuest : IAsyncDisposable
{
    // QemuMachine already passes panic=1 (with -no-reboot a panic ends QEMU); a blocked task is reported
    // well within the pipeline's command deadlines.
    public const string DiagnosticKernelArgs = "sysctl.kernel.hung_task_timeout_secs=20";

    // A restored guest answers at once or not at all; a short deadline makes a bad state fall back quickly.
    private static readonly TimeSpan RestoreSshDeadline = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a restored guest may take to answer SSH: a sixth of the boot timeout, at least 20 s (20 s of
    /// the default 120 s). A built kernel's ten-times boot timeout scales it too: the 6.1-debug guest (KASAN,
    /// lockdep, one vCPU) answered after 4.7 s at load 3 but not within 20 s at load 23, and its fallback,
    /// a cold boot, costs 11 min or more.
    /// </summary>
    public static TimeSpan RestoreDeadline(TimeSpan bootTimeout)
    {
        var scaled = TimeSpan.FromTicks(Math.Max(RestoreSshDeadline.Ticks, bootTimeout.Ticks / 6));
        return scaled < bootTimeout ? scaled : bootTimeout;
    }

    // Before a save: refuse with a share mounted (its device blocks migration); drop the page cache; then fill
    // the free memory with zeros through a tmpfs and free it again, so the pages boot touched are zero
    // and QEMU writes them as zero-page markers (measured: the state shrinks from ≈ 230 MiB, see
    // docs/DESIGN-NOTES.md). 96 MiB stay free so nothing is pushed out.
    private const string PrepareForSave =
        "if grep -qE ' (9p|virtiofs) ' /proc/mounts; then echo 'a source share is mounted' >&2; exit 3; fi; " +
        "sync && echo 3 >/proc/sys/vm/drop_caches && " +
        "mib=$(awk '/MemAvailable/ { print int($2 / 1024) - 96 }' /proc/meminfo) && mkdir -p /run/vexfs-zero && " +
        "mount -t tmpfs -o size=${mib}m vexfs-zero /run/vexfs-zero && " +
        "{ dd if=/dev/zero of=/run/vexfs-zero/fill bs=1M count=$mib 2>/dev/null; umount /run/vexfs-zero; } && rmdir /run/vexfs-zero";

    private readonly TimeSpan _bootTimeout;
    private readonly ILoggerFactory _loggers;
    private readonly TextWriter? _commandLog;

    private BootedGuest(QemuMachine machine, GuestSession session, string kernelRelease, TimeSpan bootTimeout, ILoggerFactory loggers, TextWriter? commandLog)
    {
        Machine = machine;
        Session = session;
        KernelRelease = kernelRelease;
        _bootTimeout = bootTimeout;
        _loggers = loggers;
        _commandLog = commandLog;
    }

    public QemuMachine Machine { get; }

    public GuestSession Session { get; private set; }

    public string KernelRelease { get; }

    /// <summary>The cached image the guest runs.</summary>
    public GuestImage Image => Machine.Image;

    /// <summary>How the guest started (cold boot, restored state, a fallback and why); the boot phase's detail.</summary>
    public BootDetail BootDetail { get; set; } = BootDetail.Cold;

    /// <summary>Boots the kernel (a cold boot) and waits for SSH.</summary>
    public static async Task<BootedGuest> ColdBootAsync(
        QemuOptions options, TimeSpan bootTimeout, ILoggerFactory loggers, TextWriter? commandLog, CancellationToken ct)
    {
        var machine = await QemuMachine.StartAsync(options with { Restore = null }, loggers.CreateLogger<QemuMachine>(), ct);
        try
        {
            var session = await ConnectAsync(machine, bootTimeout, loggers, commandLog, ct);
            var release = await CheckReleaseAsync(session, "uname -r", ct);
            return new BootedGuest(machine, session, release, bootTimeout, loggers, commandLog);
        }
        catch
        {
            await machine.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Restores <see cref="QemuOptions.Restore"/>: QEMU loads the state and the guest runs on from where it
    /// was saved, so its clock is set from the host's and its entropy pool stirred in the first command.
    /// </summary>
    public static async Task<BootedGuest> RestoreAsync(
        QemuOptions options, TimeSpan bootTimeout, ILoggerFactory loggers, TextWriter? commandLog, CancellationToken ct)
    {
        var saved = options.Restore ?? throw new ArgumentException("no saved state to restore", nameof(options));
        var machine = await QemuMachine.StartAsync(options, loggers.CreateLogger<QemuMachine>(), ct);
        try
        {
            var watch = Stopwatch.StartNew();
            var session = await ConnectAsync(machine, RestoreDeadline(bootTimeout), loggers, commandLog, ct);
            var connected = watch.Elapsed;
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
            var seed = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            // The session's resident shell starts on the other vCPU while the clock is set over an exec channel:
            // both are the first processes after the restore, slow while TCG translates their code again.
            // (A shell that failed to start is started again by the next command: its result is not needed.)
            var shell = session.RunInShellAsync("true", TimeSpan.FromSeconds(30), ct);
            string release;
            try
            {
                release = await CheckReleaseAsync(
                    session, $"date -u -s @{now.ToString("F3", CultureInfo.InvariantCulture)} >/dev/null && echo {seed} >/dev/urandom && read -r r </proc/sys/kernel/osrelease && echo $r", ct, inShell: false);
            }
            finally
            {
                await shell.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }

            loggers.CreateLogger<BootedGuest>().LogInformation(
                "restored guest: SSH connected in {Connect:F2} s, clock set and release read in {Command:F2} s", connected.TotalSeconds, (watch.Elapsed - connected).TotalSeconds);
            if (!string.Equals(release, saved.KernelRelease, StringComparison.Ordinal))
            {
                await session.DisposeAsync();
                throw new LabException($"the restored guest runs kernel {release}, the state was saved from {saved.KernelRelease}");
            }

            return new BootedGuest(machine, session, release, bootTimeout, loggers, commandLog);
        }
        catch
        {
            await machine.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Saves this freshly booted guest into <paramref name="draft"/> and publishes it. The SSH session is
    /// closed first (a restored guest should not carry a connection nobody holds) and opened again after.
    /// Returns null when the guest cannot be saved now (a source share is mounted: it blocks migration).
    /// </summary>
    public async Task<SavedState?> SaveStateAsync(SavedStateDraft draft, ILogger logger, CancellationToken ct)
    {
        var prepare = await Session.RunAsync(PrepareForSave, TimeSpan.FromSeconds(120), ct);
        if (!prepare.Succeeded)
        {
            logger.LogWarning("not saving the booted state: {Reason}", prepare.Stderr.Trim());
            return null;
        }

        var watch = Stopwatch.StartNew();
        await Session.DisposeAsync();
        await Machine.SaveStateAsync(draft.StatePath, draft.RamPath, draft.DiskPath, ct);
        Session = await ConnectAsync(Machine, _bootTimeout, _loggers, _commandLog, ct);
        var saved = await draft.PublishAsync(KernelRelease, ct);
        logger.LogInformation("booted state saved for later runs in {Seconds:F1} s", watch.Elapsed.TotalSeconds);
        return saved;
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await Machine.DisposeAsync();
    }

    private static async Task<GuestSession> ConnectAsync(QemuMachine machine, TimeSpan deadline, ILoggerFactory loggers, TextWriter? commandLog, CancellationToken ct)
    {
        try
        {
            return await GuestSession.ConnectAsync(machine.Endpoint, deadline, loggers.CreateLogger<GuestSession>(), ct, commandLog);
        }
        catch (LabException ex)
        {
            var tail = await machine.ReadConsoleTailAsync(25, CancellationToken.None);
            throw new PhaseFailedException(
                machine.HasExited ? FailureClass.Panic : FailureClass.Hang,
                $"the guest did not answer SSH within {deadline.TotalSeconds:F0} s ({ex.Message}); console tail:\n{tail}");
        }
    }

    private static async Task<string> CheckReleaseAsync(GuestSession session, string command, CancellationToken ct, bool inShell = true)
    {
        var uname = inShell ? await session.RunInShellAsync(command, TimeSpan.FromSeconds(30), ct) : await session.RunAsync(command, TimeSpan.FromSeconds(30), ct);
        if (!uname.Succeeded)
        {
            await session.DisposeAsync();
            throw new PhaseFailedException(FailureClass.Infrastructure, $"`{command}` failed in the guest: {uname.Stderr.Trim()}");
        }

        return uname.Stdout.Trim();
    }
}
