using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.Machine;
using Vexfs.Lab.Pipeline;
using Vexfs.Reports;

namespace Vexfs.Lab.Bench;

/// <summary>
/// Guest ready (the boot phase, then one command answered over SSH) by cold boot and by restoring the saved
/// state, several times each on one kernel, in one process. The image phase (cache lookup and checksum) is
/// not counted: it is the same for both.
/// </summary>
public sealed class BootBenchmark(LabOptions lab, GuestImageCache images, AcceleratorChoice accel, ILoggerFactory loggers)
{
    private readonly ILogger logger = loggers.CreateLogger<BootBenchmark>();

    public async Task<BootBenchmarkResult> RunAsync(KernelSeries series, int runs, CancellationToken ct)
    {
        var samples = new List<BootSample>();

        // A restore needs a saved state: the first restore-mode boot makes it when there is none (not counted).
        samples.Add(await BootOnceAsync(series, BootMode.Restore, "prepare", ct));
        for (var run = 1; run <= runs; run++)
        {
            samples.Add(await BootOnceAsync(series, BootMode.Cold, "cold", ct));
            samples.Add(await BootOnceAsync(series, BootMode.Restore, "restore", ct));
        }

        return new BootBenchmarkResult(series.Name, accel.Name, samples);
    }

    /// <summary>One boot of <paramref name="mode"/> to its first SSH command answered.</summary>
    public async Task<BootSample> BootOnceAsync(KernelSeries series, BootMode mode, string label, CancellationToken ct)
    {
        var runDir = Directory.CreateTempSubdirectory($"vexfs-bootbench-{series.Name}-").FullName;
        try
        {
            var launcher = new GuestLauncher(lab with { Boot = mode }, images, accel, loggers);
            var phases = new PhaseRecorder(logger);
            await using var guest = await launcher.BootAsync(series, runDir, phases, null, ct);
            var clock = Stopwatch.StartNew();
            var echo = await guest.Session.RunAsync("true", TimeSpan.FromSeconds(30), ct);
            var command = clock.Elapsed;
            if (!echo.Succeeded)
            {
                throw new LabException($"the {label} guest did not run a command: {echo.Stderr.Trim()}");
            }

            var boot = phases.Phases.Single(p => p.Name == PhaseNames.Boot);
            var sample = new BootSample(label, boot.Duration + command, boot.Duration, command, boot.Detail ?? "");
            logger.LogInformation("{Label}: guest ready in {Seconds:F2} s ({Detail})", label, sample.Ready.TotalSeconds, sample.Detail);
            return sample;
        }
        finally
        {
            Directory.Delete(runDir, recursive: true);
        }
    }
}

/// <summary>One boot: ready = the boot phase + the first command's round trip.</summary>
public sealed record BootSample(string Mode, TimeSpan Ready, TimeSpan BootPhase, TimeSpan FirstCommand, string Detail);

/// <summary>All samples of a benchmark run, with the per-mode figures the table shows.</summary>
public sealed record BootBenchmarkResult(string Series, string Accelerator, IReadOnlyList<BootSample> Samples)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public (int Count, double Min, double Median, double Max) Stats(string mode) =>
        Bench.SampleStats.Of(Samples.Where(s => s.Mode == mode).Select(s => s.Ready.TotalSeconds));

    public async Task WriteAsync(string path, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, Json), ct);
    }
}
