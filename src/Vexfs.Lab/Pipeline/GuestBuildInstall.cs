using Vexfs.Lab.Images;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>The variants that deliver the sources and compile in the guest, against the running kernel's headers.</summary>
public abstract class GuestBuildInstall(ModuleInstallSettings settings) : IModuleInstall
{
    public ModuleInstallSettings Settings => settings;

    public abstract string DeliveryDetail { get; }

    public string BuildDirectory => GuestPaths.ModuleSources;

    // The build leaves the module at GuestPaths.Module itself.
    public string SwapCommand => "";

    /// <summary>The make line of every build path; any warning fails the phase.</summary>
    public async Task BuildAsync(BootedGuest guest, CancellationToken ct)
    {
        var result = await guest.Session.RunAsync(KbuildMake.GuestCommand(GuestPaths.ModuleSources, settings.InjectFault), settings.BuildTimeout, ct);
        if (result.TimedOut)
        {
            throw new PhaseFailedException(FailureClass.Hang, $"module build did not finish within {settings.BuildTimeout.TotalSeconds:F0} s");
        }

        KbuildOutput.Check(result.ExitCode, result.Stdout, "in the guest");
    }

    public Task PrepareAsync(GuestImage image, CancellationToken ct) => Task.CompletedTask;

    public async Task InstallAsync(BootedGuest guest, PhaseRecorder phases, CancellationToken ct)
    {
        await phases.RunAsync(PhaseNames.Upload, c => DeliverAsync(guest, c), ct, DeliveryDetail);
        await phases.RunAsync(PhaseNames.Build, c => BuildAsync(guest, c), ct);
    }

    public abstract Task DeliverAsync(BootedGuest guest, CancellationToken ct);

    /// <summary>A copy of the sources goes again, whole, and the guest builds it: what a delivery that copies does.</summary>
    public virtual async Task RebuildAsync(BootedGuest guest, CancellationToken ct)
    {
        await DeliverAsync(guest, ct);
        await BuildAsync(guest, ct);
    }
}
