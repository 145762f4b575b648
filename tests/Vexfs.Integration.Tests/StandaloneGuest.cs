using CliWrap;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vexfs.Lab;
using Vexfs.Lab.Pipeline;

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
        var root = RepoRoot();
        var series = Environment.GetEnvironmentVariable("VEXFS_KERNEL_SERIES") ?? "6.1";
        var cache = Environment.GetEnvironmentVariable("VEXFS_CACHE_DIR")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "vexfs");
        var lab = new LabOptions(cache, null, ImageBuilderKind.Mmdebstrap, 2048, 2, AcceleratorKind.Auto, TimeSpan.FromSeconds(180), root);
        var loggers = NullLoggerFactory.Instance;
        var accel = new AcceleratorProbe(loggers.CreateLogger<AcceleratorProbe>()).Choose(lab.Accel);
        var launcher = new GuestLauncher(lab, new GuestImageCache(lab, loggers), accel, loggers);
        var vexctl = await PublishVexctlAsync(root, ct);
        var runDirectory = Directory.CreateTempSubdirectory("vexfs-fixture-").FullName;
        var source = new ModuleSource(Path.Combine(root, "vexfs-kernel"), vexctl);
        var guest = await launcher.LaunchAsync(KernelCatalog.Default.Resolve(series), source, runDirectory, ct);
        return new StandaloneGuest(guest, runDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await guest.DisposeAsync();
        Directory.Delete(runDirectory, recursive: true);
    }

    private static async Task<string> PublishVexctlAsync(string root, CancellationToken ct)
    {
        var output = Path.Combine(root, "artifacts", "vexctl");
        await Cli.Wrap("dotnet")
            .WithArguments(["publish", Path.Combine(root, "vexctl", "vexctl.csproj"), "-c", "Release", "-r", "linux-x64", "-o", output, "--nologo"])
            .ExecuteAsync(ct);
        return Path.Combine(output, "vexctl");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VexFS.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (VexFS.slnx) above " + AppContext.BaseDirectory);
    }
}
