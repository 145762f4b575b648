using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Machine;

namespace Vexfs.Lab.Pipeline;

/// <summary>
/// The boot phase: restore the image's saved booted state when there is one for this machine shape,
/// else (or when the restore fails, for any reason) boot cold and save the state for the next run.
/// With --boot cold it always boots and saves nothing.
/// </summary>
internal sealed class GuestBoot(LabOptions lab, SavedStateStore states, ILoggerFactory loggers)
{
    private readonly ILogger logger = loggers.CreateLogger<GuestBoot>();

    public async Task<BootedGuest> BootAsync(QemuOptions options, TextWriter? commandLog, CancellationToken ct)
    {
        if (lab.Boot == BootMode.Cold)
        {
            var cold = await BootedGuest.ColdBootAsync(options, lab.BootTimeout, loggers, commandLog, ct);
            cold.BootDetail = new BootDetail("cold boot (--boot cold)");
            return cold;
        }

        var (saved, reason) = await states.FindAsync(options, ct);
        if (saved is not null)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var restored = await BootedGuest.RestoreAsync(options with { Restore = saved }, lab.BootTimeout, loggers, commandLog, ct);
                restored.BootDetail = new BootDetail($"restored the saved state {saved.Shape}: ready in {watch.Elapsed.TotalSeconds:F1} s");
                logger.LogInformation("guest restored from {State}: SSH answered after {Seconds:F2} s", saved.Directory, watch.Elapsed.TotalSeconds);
                return restored;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                reason = $"restoring the saved state failed ({FirstLine(ex.Message)})";
                logger.LogWarning("{Reason}; falling back to a cold boot", reason);
            }
        }

        var guest = await BootedGuest.ColdBootAsync(options, lab.BootTimeout, loggers, commandLog, ct);
        if (await BootFindingAsync(guest, ct) is { } finding)
        {
            // The kernel's own boot, before vexfs exists, reported a bug (seen once in about a dozen 6.1-debug
            // boots: a KASAN wild-memory-access in an early interrupt). Saved, it would fail every later run.
            logger.LogWarning("the cold boot's kernel log reports {Finding} before vexfs was loaded: this state is not saved; booting once more", finding);
            await guest.DisposeAsync();
            guest = await BootedGuest.ColdBootAsync(options, lab.BootTimeout, loggers, commandLog, ct);
            if (await BootFindingAsync(guest, ct) is { } again)
            {
                guest.BootDetail = new BootDetail($"cold boot: {reason}; the kernel's own boot reported {again} twice, so no state was saved");
                return guest;
            }

            reason = $"{reason}; the first boot reported {finding} before vexfs was loaded and was discarded";
        }

        guest.BootDetail = new BootDetail($"cold boot: {reason}", await SaveAsync(guest, options, replace: saved is not null, ct));
        return guest;
    }

    /// <summary>The first finding of the freshly booted guest's kernel log, as "Class (pattern)", or null.</summary>
    private static async Task<string?> BootFindingAsync(BootedGuest guest, CancellationToken ct)
    {
        var dmesg = await guest.Session.RunAsync("dmesg", TimeSpan.FromSeconds(30), ct);
        return KernelLog.KernelLogScanner.Scan(dmesg.Stdout, KernelLog.KernelLogScanner.DmesgSource) is [var first, ..]
            ? $"{first.Class} ({first.Pattern})"
            : null;
    }

    /// <summary>Best effort: a guest that cannot be saved still serves this run. Says what became of the save, or null when none was due.</summary>
    private async Task<string?> SaveAsync(BootedGuest guest, QemuOptions options, bool replace, CancellationToken ct)
    {
        try
        {
            using var draft = await states.BeginSaveAsync(options with { Restore = null }, ct, replace);
            if (draft is null)
            {
                return null;
            }

            return await guest.SaveStateAsync(draft, logger, ct) is { } saved ? $"state saved for later runs ({saved.Shape})" : null;
        }
        catch (Exception ex) when (ex is LabException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("could not save the booted state: {Reason}", ex.Message);
            return $"saving the state failed ({FirstLine(ex.Message)})";
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
