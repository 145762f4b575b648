using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.Machine;
using Vexfs.Lab.Pipeline;

namespace Vexfs.Lab.Tests.Support;

/// <summary>
/// What every real-guest test starts from, written once: the lab's defaults (<see cref="KitDefaults"/>) on the
/// shared image cache, the image cache itself, the accelerator this host offers, a launcher, and the
/// checkout's paths. A test states only what it does differently (a builder, a cache, a gdb port).
/// </summary>
internal sealed class VmTestLab
{
    private readonly ILoggerFactory _loggers;
    private AcceleratorChoice? _accel;

    public VmTestLab(ILoggerFactory loggers, LabOptions? options = null)
    {
        _loggers = loggers;
        Options = options ?? DefaultOptions();
        Images = new GuestImageCache(Options, loggers);
    }

    /// <summary>$VEXFS_IMAGE_CACHE (LabVmTests sets it from --cache-dir), else the build's default cache.</summary>
    public static string CacheDir =>
        Environment.GetEnvironmentVariable("VEXFS_IMAGE_CACHE") is { Length: > 0 } cache ? cache : KitDefaults.ExpandHome(KitDefaults.CacheDirectory);

    /// <summary>Longer than the build's deadline: a test guest may boot cold under TCG on a loaded host.</summary>
    public static TimeSpan BootTimeout { get; } = TimeSpan.FromMinutes(5);

    public LabOptions Options { get; }

    public GuestImageCache Images { get; }

    public string Repo => Options.RepoRoot;

    /// <summary>The checkout's module sources.</summary>
    public string ModuleSources => Path.Combine(Repo, "vexfs-kernel");

    /// <summary>What this host offers for the options' accelerator (probed once).</summary>
    public AcceleratorChoice Accel => _accel ??= new AcceleratorProbe(_loggers.CreateLogger<AcceleratorProbe>()).Choose(Options.Accel);

    public GuestLauncher Launcher => new(Options, Images, Accel, _loggers);

    /// <summary>The lab's defaults on <paramref name="cacheDir"/> (else <see cref="CacheDir"/>) with the tests' boot deadline.</summary>
    public static LabOptions DefaultOptions(string? cacheDir = null) =>
        KitDefaults.LabOptions(RepoRoot.Find(), cacheDir ?? CacheDir) with { BootTimeout = BootTimeout };

    public static KernelSeries Series(string name = KitDefaults.KernelSeries) => KernelCatalog.Default.Resolve(name);

    /// <summary>The verified image of <paramref name="series"/> (built into the cache first if it is not there).</summary>
    public Task<GuestImage> ImageAsync(CancellationToken ct, string series = KitDefaults.KernelSeries) => Images.EnsureAsync(Series(series), ct);

    /// <summary>A machine of the lab's size for <paramref name="image"/>, run in <paramref name="runDirectory"/>.</summary>
    public QemuOptions Machine(GuestImage image, string runDirectory, string? extraKernelArgs = null) =>
        new(image, Options.VmMemoryMiB, Options.VmCpus, Accel, runDirectory, ExtraKernelArgs: extraKernelArgs);

    /// <summary>A booted guest of <paramref name="series"/> (restored from the image's saved state when it can be).</summary>
    public Task<BootedGuest> BootAsync(string runDirectory, CancellationToken ct, string series = KitDefaults.KernelSeries) =>
        Launcher.BootAsync(Series(series), runDirectory, new PhaseRecorder(NullLogger.Instance), null, ct);

    /// <summary>The published vexctl, which guests with the module need.</summary>
    public string RequireVexctl()
    {
        var vexctl = KitDefaults.VexctlBinary(Path.Combine(Repo, "artifacts"));
        Assert.True(File.Exists(vexctl), $"{vexctl} is missing: run ./build.sh PublishVexctl first");
        return vexctl;
    }

    /// <summary>Skips the test unless it runs as root (the host module build and the source share need it).</summary>
    public static void RequireRoot(string why)
    {
        if (Environment.UserName != "root")
        {
            Assert.Skip(why);
        }
    }

    /// <summary>Copies the tree <paramref name="from"/> to <paramref name="to"/> (a test's own copy of the sources).</summary>
    public static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Every process's command line, as /proc holds it (empty for those gone or unreadable).</summary>
    public static IEnumerable<string> CommandLines() => Directory.EnumerateDirectories("/proc").Select(CommandLineOf);

    private static string CommandLineOf(string procDir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDir, "cmdline"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
