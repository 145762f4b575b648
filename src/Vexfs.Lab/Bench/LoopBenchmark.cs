using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.Machine;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Pipeline;
using Vexfs.Reports.Bench;

namespace Vexfs.Lab.Bench;

/// <summary>
/// Issue #5's measurement, in one process: the naive loop (cold boot, in-guest build) and the fast loop
/// (restored state, host build) on the same kernel, the fast loop again after a one-line module edit,
/// a cold image build, and a warm run over every catalog kernel. Every run is a real VmIntegration run.
/// </summary>
public sealed class LoopBenchmark(IntegrationOptions options, AcceleratorChoice accel, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<LoopBenchmark>();
    private readonly string _accelerator = accel.Name;

    public string BenchDirectory => Path.Combine(options.ArtifactsDirectory, "bench");

    /// <summary>The naive, first-fast and edit runs on <paramref name="series"/>; the module is edited in a copy.</summary>
    public async Task<(LoopRunTiming Naive, LoopRunTiming FastFirst, LoopRunTiming Edit)> RunLoopAsync(KernelSeries series, CancellationToken ct)
    {
        var sources = new BenchSourceCopy(options.ModuleSourceDirectory, Path.Combine(BenchDirectory, "vexfs-kernel"));
        sources.Refresh();
        var naive = await RunAsync("naive", series, BootMode.Cold, ModuleBuildMode.Guest, sources.Directory, ct);
        var first = await RunAsync("fast-first", series, BootMode.Restore, ModuleBuildMode.Host, sources.Directory, ct);
        var edited = sources.EditOneLine();
        _logger.LogInformation("benchmark: edited one line of {File}; measuring edit → verdict", edited);
        var edit = await RunAsync("edit", series, BootMode.Restore, ModuleBuildMode.Host, sources.Directory, ct);
        return (naive, first, edit);
    }

    /// <summary>Fast runs over <paramref name="series"/>, twice: the first pass warms saved states and build roots, the second is measured.</summary>
    public async Task<(IReadOnlyList<LoopRunTiming> Runs, double Seconds)> RunWarmMatrixAsync(IReadOnlyList<KernelSeries> series, CancellationToken ct)
    {
        foreach (var kernel in series)
        {
            await RunAsync($"warmup-{kernel.Name}", kernel, BootMode.Restore, ModuleBuildMode.Host, options.ModuleSourceDirectory, ct);
        }

        var clock = Stopwatch.StartNew();
        var runs = new List<LoopRunTiming>();
        foreach (var kernel in series)
        {
            runs.Add(await RunAsync($"matrix-{kernel.Name}", kernel, BootMode.Restore, ModuleBuildMode.Host, options.ModuleSourceDirectory, ct));
        }

        return (runs, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Builds the image of <paramref name="series"/> from nothing in a throwaway cache directory, which is removed after.</summary>
    public async Task<double> MeasureColdImageAsync(KernelSeries series, CancellationToken ct)
    {
        var cache = Path.Combine(options.Lab.CacheDir, $".bench-cold-{Environment.ProcessId}");
        Directory.CreateDirectory(cache);
        try
        {
            var images = new GuestImageCache(options.Lab with { CacheDir = cache }, loggers);
            var clock = Stopwatch.StartNew();
            await images.EnsureAsync(series, ct);
            return clock.Elapsed.TotalSeconds;
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private async Task<LoopRunTiming> RunAsync(string name, KernelSeries series, BootMode boot, ModuleBuildMode build, string sources, CancellationToken ct)
    {
        var lab = options.Lab with { Boot = boot };
        var runOptions = options with
        {
            Lab = lab,
            ModuleSourceDirectory = sources,
            ArtifactsDirectory = Path.Combine(BenchDirectory, name),
            ModuleBuild = build,

            // The naive loop is the kit before its speed-ups: it copies the sources.
            SourceDelivery = build == ModuleBuildMode.Guest && boot == BootMode.Cold ? SourceDelivery.Sftp : options.SourceDelivery,
        };
        var launcher = new GuestLauncher(lab, new GuestImageCache(lab, loggers), accel, loggers);
        _logger.LogInformation("benchmark run {Name}: kernel {Series}, boot {Boot}, module build {Build}", name, series.Name, boot, build);
        var report = await new VmIntegrationRunner(runOptions, launcher, _accelerator, loggers).RunAsync(series, ct);
        var timing = LoopRunTiming.From(name, boot.ToString().ToLowerInvariant(), build.ToString().ToLowerInvariant(), report);
        _logger.LogInformation("benchmark run {Name}: {Verdict} in {Seconds:F1} s{Reason}", name, report.Verdict, timing.TotalSeconds,
            report.FailureReason is null ? "" : $" ({report.FailureReason})");
        return timing;
    }
}
