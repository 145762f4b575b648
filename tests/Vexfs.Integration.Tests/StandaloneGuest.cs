using CliWrap;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vexfs.Lab;
using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.Machine;
using Vexfs.Lab.Pipeline;
using Vexfs.Lab.Session;

namespace Vexfs.Integration.Tests;

/// <summary>
/// A guest of the fixture's own, for running the suite (or one test) without the build: the same image,
/// boot and module install as VmIntegration, with the kit's default parameters.
/// </summary>
internal sealed class StandaloneGuest : IAsyncDisposable
{
    private readonly BootedGuest guest;
    private readonly string runDirectory;

    private StandaloneGuest(BootedGuest guest, string runDirectory)
    {
        this.guest = guest;
        this.runDirectory = runDirectory;
    }

    public GuestEndpoint Endpoint => guest.Machine.Endpoint;

    public static async Task<StandaloneGuest> StartAsync(CancellationToken ct)
    {
        var root = RepoRoot.Find();
        var series = Environment.GetEnvironmentVariable("VEXFS_KERNEL_SERIES") ?? KitDefaults.KernelSeries;
        var lab = KitDefaults.LabOptions(root, Environment.GetEnvironmentVariable("VEXFS_CACHE_DIR"));
        var loggers = NullLoggerFactory.Instance;
        var accel = new AcceleratorProbe(loggers.CreateLogger<AcceleratorProbe>()).Choose(lab.Accel);
        var launcher = new GuestLauncher(lab, new GuestImageCache(lab, loggers), accel, loggers);
        var vexctl = await PublishVexctlAsync(root, ct);
        var runDirectory = Directory.CreateTempSubdirectory("vexfs-fixture-").FullName;
        var install = ModuleInstalls.For(KitDefaults.ModuleInstall(root, vexctl), runDirectory, loggers);
        var guest = await launcher.LaunchAsync(KernelCatalog.Default.Resolve(series), install, runDirectory, new PhaseRecorder(loggers.CreateLogger<StandaloneGuest>()), ct);
        return new StandaloneGuest(guest, runDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await guest.DisposeAsync();
        Directory.Delete(runDirectory, recursive: true);
    }

    // The build's PublishVexctl target runs the same command.
    private static async Task<string> PublishVexctlAsync(string root, CancellationToken ct)
    {
        var artifacts = Path.Combine(root, "artifacts");
        await Cli.Wrap("dotnet").WithArguments(KitDefaults.PublishVexctlArguments(root, artifacts)).ExecuteAsync(ct);
        return KitDefaults.VexctlBinary(artifacts);
    }

}
