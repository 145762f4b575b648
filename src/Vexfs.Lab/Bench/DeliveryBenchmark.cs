using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Pipeline;

namespace Vexfs.Lab.Bench;

/// <summary>
/// The upload phase of VmIntegration by each delivery (SFTP copies, the virtiofs source share), for both
/// things it delivers (the sources of an in-guest build, a host-built vexfs.ko), each in a freshly
/// restored guest: exactly what GuestLauncher.DeliverAsync does in a run, hot-plug included.
/// </summary>
public sealed class DeliveryBenchmark(LabOptions lab, GuestImageCache images, AcceleratorChoice accel, ILoggerFactory loggers)
{
    private readonly ILogger logger = loggers.CreateLogger<DeliveryBenchmark>();

    public async Task<DeliveryBenchmarkResult> RunAsync(KernelSeries series, string sources, string vexctl, int runs, CancellationToken ct)
    {
        var workDir = Directory.CreateTempSubdirectory($"vexfs-deliverybench-{series.Name}-").FullName;
        try
        {
            var image = await images.EnsureAsync(series, ct);
            var built = await new HostModuleBuilder(new ToolLocator(), loggers).BuildAsync(image, sources, null, TimeSpan.FromMinutes(15), workDir, ct);
            var samples = new List<DeliverySample>();
            for (var run = 0; run <= runs; run++)
            {
                foreach (var delivery in (SourceDelivery[])[SourceDelivery.Sftp, SourceDelivery.Share])
                {
                    foreach (var module in (string?[])[null, built.ModulePath])
                    {
                        var sample = await DeliverOnceAsync(series, new ModuleSource(sources, vexctl) { Delivery = delivery }, module, ct);
                        logger.LogInformation("{Delivery} of the {What}: {Seconds:F2} s{Warmup}", sample.Delivery, sample.What, sample.Seconds, run == 0 ? " (warm-up, not counted)" : "");
                        if (run > 0)
                        {
                            samples.Add(sample);
                        }
                    }
                }
            }

            return new DeliveryBenchmarkResult(series.Name, accel.Kind.ToString().ToLowerInvariant(), samples);
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    private async Task<DeliverySample> DeliverOnceAsync(KernelSeries series, ModuleSource source, string? builtModule, CancellationToken ct)
    {
        var runDir = Directory.CreateTempSubdirectory($"vexfs-deliverybench-{series.Name}-").FullName;
        try
        {
            var launcher = new GuestLauncher(lab, images, accel, loggers);
            await using var guest = await launcher.BootAsync(series, runDir, new PhaseRecorder(logger), null, ct);
            var clock = Stopwatch.StartNew();
            await launcher.DeliverAsync(guest, source, builtModule, runDir, ct);
            var seconds = clock.Elapsed.TotalSeconds;
            var check = builtModule is null ? $"test -f {GuestPaths.ModuleSources}/Kbuild" : $"test -f {GuestPaths.Module}";
            if (!(await guest.Session.RunAsync($"{check} && test -x {GuestPaths.Vexctl}", TimeSpan.FromSeconds(30), ct)).Succeeded)
            {
                throw new LabException($"after the {source.Delivery} delivery the guest lacks the module or vexctl");
            }

            return new DeliverySample(source.Delivery.ToString().ToLowerInvariant(), builtModule is null ? "sources" : "built module", seconds);
        }
        finally
        {
            Directory.Delete(runDir, recursive: true);
        }
    }
}

/// <summary>One delivery into a restored guest.</summary>
public sealed record DeliverySample(string Delivery, string What, double Seconds);

public sealed record DeliveryBenchmarkResult(string Series, string Accelerator, IReadOnlyList<DeliverySample> Samples)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public (int Count, double Min, double Median, double Max) Stats(string delivery, string what) =>
        SampleStats.Of(Samples.Where(s => s.Delivery == delivery && s.What == what).Select(s => s.Seconds));

    public async Task WriteAsync(string path, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, Json), ct);
    }
}
