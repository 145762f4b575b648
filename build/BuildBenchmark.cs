using System.Diagnostics;
using Spectre.Console;
using Vexfs.Lab.Bench;
using Vexfs.Lab.Kernel;
using Vexfs.Reports.Bench;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>The loop benchmark: naive vs fast real-kernel loop against a stock boot, measured and reported.</summary>
internal sealed partial class Build
{
    private static readonly string[] BenchParts = ["hostcheck", "cold-image", "matrix"];

    [Parameter("Benchmark parts to leave out: hostcheck, cold-image, matrix (the loop itself always runs)")]
    public string[] BenchSkip = [];

    Target Benchmark => _ => _
        .Description("Measure the naive loop (cold boot, in-guest build) against the fast one (restore, host build), the edit → verdict time against a stock guest's boot, and the warm matrix in turn and --parallel 2; artifacts/bench/loop.json")
        .DependsOn(PublishVexctl)
        .After(HostCheck, VmIntegration)
        .Executes(async ct =>
        {
            var skip = ValidateBenchSkip();
            var lab = Lab;
            var series = lab.Series[0];
            var hostCheck = skip.Contains("hostcheck") ? (double?)null : await TimeNoChangeHostCheckAsync(ct);
            var accel = lab.ChooseAccelerator();
            var bench = new LoopBenchmark(lab.CreateIntegrationOptions(), accel, LoggerFactory);
            var started = DateTimeOffset.UtcNow;
            var stockBoot = await bench.MeasureStockBootAsync(series, ct);
            var (naive, first, edit, editCommand) = await bench.RunLoopAsync(series, ct, (sources, token) => TimeEditCommandAsync(series.Name, sources, token));
            var coldImage = skip.Contains("cold-image") ? (double?)null : await bench.MeasureColdImageAsync(series, ct);
            IReadOnlyList<LoopRunTiming> matrix = [];
            double? matrixSeconds = null, matrixParallel = null;
            if (!skip.Contains("matrix"))
            {
                (matrix, matrixSeconds, matrixParallel) = await bench.RunWarmMatrixAsync(KernelCatalog.Default.Stock, ct, parallel: 2);
            }

            var report = new LoopBenchmarkReport(
                started, accel.Name, Environment.ProcessorCount, naive, first, edit, hostCheck, coldImage, matrix, matrixSeconds, stockBoot, editCommand, matrixParallel);
            await LoopBenchmarkWriter.WriteAsync(report, bench.BenchDirectory, ct);
            BenchTable.Write(Console, report);
            Console.WriteLine($"Written: {Path.Combine(bench.BenchDirectory, LoopBenchmarkWriter.JsonFileName)} and {LoopBenchmarkWriter.MarkdownFileName}");
            var failed = new[] { naive, first, edit }.Concat(matrix).Where(r => r.Verdict != Vexfs.Reports.Verdict.Passed).ToList();
            if (failed.Count > 0)
            {
                throw new InvalidOperationException($"benchmark runs failed: {string.Join(", ", failed.Select(r => $"{r.Name} ({r.FailureReason})"))}; reports in artifacts/bench/<run>/reports/");
            }
        });

    private HashSet<string> ValidateBenchSkip()
    {
        var skip = BenchSkip.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(s => s.ToLowerInvariant()).ToHashSet();
        var unknown = skip.Except(BenchParts).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"--bench-skip: unknown part(s) {string.Join(", ", unknown)}; use any of {string.Join(", ", BenchParts)}");
        }

        return skip;
    }

    /// <summary>The edit → verdict a developer waits for: the whole ./build.sh VmIntegration on the edited copy, timed from outside.</summary>
    private async Task<double> TimeEditCommandAsync(string series, string sources, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await Tools.RunAsync(Path.Combine(RootDirectory, "build.sh"),
            ["VmIntegration", "--kernel", series, "--module-source", sources, "--skip", "PublishVexctl", "--cache-dir", CacheDir], RootDirectory, ct);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>HostCheck in a child build with nothing changed: once to settle the stamps, then timed.</summary>
    private async Task<double> TimeNoChangeHostCheckAsync(CancellationToken ct)
    {
        var script = Path.Combine(RootDirectory, "build.sh");
        await Tools.RunAsync(script, ["HostCheck"], RootDirectory, ct);
        var clock = Stopwatch.StartNew();
        await Tools.RunAsync(script, ["HostCheck"], RootDirectory, ct);
        return clock.Elapsed.TotalSeconds;
    }
}
