using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.Machine;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Pipeline;

namespace Vexfs.Lab.Bench;

/// <summary>
/// The upload phase of VmIntegration by each delivery (copies over SSH, the virtiofs source share, the transfer disk), for both
/// things it delivers (the sources of an in-guest build, a host-built vexfs.ko), each in a freshly
/// restored guest: exactly what the run's IModuleInstall.DeliverAsync does, hot-plug included.
/// </summary>
public sealed class DeliveryBenchmark(LabOptions lab, GuestImageCache images, AcceleratorChoice accel, ILoggerFactory loggers)
{
    private readonly ILogger logger = loggers.CreateLogger<DeliveryBenchmark>();

    public async Task<DeliveryBenchmarkResult> RunAsync(KernelSeries series, string sources, string vexctl, int runs, CancellationToken ct)
    {
        var samples = new List<DeliverySample>();
        for (var run = 0; run <= runs; run++)
        {
            foreach (var delivery in Enum.GetValues<SourceDelivery>())
            {
                foreach (var build in (ModuleBuildMode[])[ModuleBuildMode.Guest, ModuleBuildMode.Host])
                {
                    var settings = new ModuleInstallSettings(sources, vexctl) { Delivery = delivery, ModuleBuild = build, BuildTimeout = TimeSpan.FromMinutes(15) };
                    var sample = await DeliverOnceAsync(series, settings, ct);
                    logger.LogInformation("{Delivery} of the {What}: {Seconds:F2} s{Warmup}", sample.Delivery, sample.What, sample.Seconds, run == 0 ? " (warm-up, not counted)" : "");
                    if (run > 0)
                    {
                        samples.Add(sample);
                    }
                }
            }
        }

        return new DeliveryBenchmarkResult(series.Name, accel.Name, samples);
    }

    private async Task<DeliverySample> DeliverOnceAsync(KernelSeries series, ModuleInstallSettings settings, CancellationToken ct)
    {
        var runDir = Directory.CreateTempSubdirectory($"vexfs-deliverybench-{series.Name}-").FullName;
        try
        {
            var launcher = new GuestLauncher(lab, images, accel, loggers);
            await using var guest = await launcher.BootAsync(series, runDir, new PhaseRecorder(logger), null, ct);
            var install = ModuleInstalls.For(settings, runDir, loggers);
            var builtOnHost = settings.ModuleBuild == ModuleBuildMode.Host;
            if (builtOnHost)
            {
                await install.BuildAsync(guest, ct); // not measured: incremental, so nothing is recompiled after the first
            }

            var clock = Stopwatch.StartNew();
            await install.DeliverAsync(guest, ct);
            var seconds = clock.Elapsed.TotalSeconds;
            var check = builtOnHost ? $"test -f {GuestPaths.Module}" : $"test -f {GuestPaths.ModuleSources}/Kbuild";
            if (!(await guest.Session.RunAsync($"{check} && test -x {GuestPaths.Vexctl}", TimeSpan.FromSeconds(30), ct)).Succeeded)
            {
                throw new LabException($"after the {settings.Delivery} delivery the guest lacks the module or vexctl");
            }

            return new DeliverySample(settings.Delivery.ToString().ToLowerInvariant(), builtOnHost ? "built module" : "sources", seconds);
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
