using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.Machine;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Pipeline;
using Vexfs.Reports;
using Vexfs.Reports.Bench;

namespace Vexfs.Lab.Bench;

/// <summary>
/// The loop's measurement, in one process: the naive loop (cold boot, in-guest build) and the fast loop
/// (restored state, host build) on the same kernel, the fast loop again after a one-line module edit, a
/// stock guest's cold boot (the bar), a cold image build, and a warm run over every catalog kernel, in turn
/// and side by side. Every run is a real VmIntegration run.
/// </summary>
public sealed class LoopBenchmark(IntegrationOptions options, AcceleratorChoice accel, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<LoopBenchmark>();
    private readonly string _accelerator = accel.Name;

    public string BenchDirectory => Path.Combine(options.ArtifactsDirectory, "bench");

    /// <summary>
    /// The naive, first-fast and edit runs on <paramref name="series"/>; the module is edited in a copy. With
    /// <paramref name="editCommand"/>, one more line is edited and the caller times its own whole command on the copy.
    /// </summary>
    public async Task<(LoopRunTiming Naive, LoopRunTiming FastFirst, LoopRunTiming Edit, double? EditCommand)> RunLoopAsync(
        KernelSeries series, CancellationToken ct, Func<string, CancellationToken, Task<double>>? editCommand = null)
    {
        var sources = new BenchSourceCopy(options.ModuleSourceDirectory, Path.Combine(BenchDirectory, "vexfs-kernel"));
        sources.Refresh();
        var naive = await RunAsync("naive", series, BootMode.Cold, ModuleBuildMode.Guest, sources.Directory, ct);
        var first = await RunAsync("fast-first", series, BootMode.Restore, ModuleBuildMode.Host, sources.Directory, ct);
        var edited = sources.EditOneLine();
        _logger.LogInformation("benchmark: edited one line of {File}; measuring edit → verdict", edited);
        var edit = await RunAsync("edit", series, BootMode.Restore, ModuleBuildMode.Host, sources.Directory, ct);
        double? command = null;
        if (editCommand is not null)
        {
            sources.EditOneLine();
            command = await editCommand(sources.Directory, ct);
            _logger.LogInformation("benchmark: edit → verdict as a whole command: {Seconds:F1} s", command);
        }

        return (naive, first, edit, command);
    }

    /// <summary>A plain guest of <paramref name="series"/>' image cold-booted to its first SSH command (no module): the bar to beat.</summary>
    public async Task<double> MeasureStockBootAsync(KernelSeries series, CancellationToken ct)
    {
        var boot = new BootBenchmark(options.Lab, new GuestImageCache(options.Lab, loggers), accel, loggers);
        var sample = await boot.BootOnceAsync(series, BootMode.Cold, "stock", ct);
        return sample.Ready.TotalSeconds;
    }

    /// <summary>
    /// Fast runs over <paramref name="series"/>: a warm-up pass (saved states, build roots), then the measured pass
    /// in turn and, with <paramref name="parallel"/> &gt; 1, once more that many side by side.
    /// </summary>
    public async Task<(IReadOnlyList<LoopRunTiming> Runs, double Seconds, double? ParallelSeconds)> RunWarmMatrixAsync(
        IReadOnlyList<KernelSeries> series, CancellationToken ct, int parallel = 1)
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

        var inTurn = clock.Elapsed.TotalSeconds;
        if (parallel <= 1)
        {
            return (runs, inTurn, null);
        }

        var lab = options.Lab with { Boot = BootMode.Restore };
        var side = options with { Lab = lab, ModuleBuild = ModuleBuildMode.Host, ArtifactsDirectory = Path.Combine(BenchDirectory, "matrix-parallel") };
        var launcher = new GuestLauncher(lab, new GuestImageCache(lab, loggers), accel, loggers);
        clock.Restart();
        var result = await new MatrixRunner(side, launcher, _accelerator, loggers).RunAsync("matrix-parallel", series, ct, parallel);
        var sideBySide = clock.Elapsed.TotalSeconds;
        _logger.LogInformation("benchmark: warm matrix in turn {InTurn:F1} s, --parallel {Parallel} {Side:F1} s ({Verdict})", inTurn, parallel, sideBySide, result.Summary.Verdict);
        return (runs, inTurn, result.Summary.Verdict == Verdict.Passed ? sideBySide : null);
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
