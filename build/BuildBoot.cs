using System.Globalization;
using Spectre.Console;
using Vexfs.Lab.Bench;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>Guest start-up: cold boot against the saved booted state, measured.</summary>
internal sealed partial class Build
{
    private static readonly string[] BootModes = ["cold", "restore"];

    [Parameter("BootBenchmark: cold boots and restores of each kind", Minimum = 1, Maximum = 50)]
    public int BootRuns = 3;

    Target BootBenchmark => _ => _
        .Description("Guest ready (SSH answers a command) by cold boot and by restoring the saved state, --boot-runs times each on the first --kernel; artifacts/bench/boot.json")
        .Executes(async ct =>
        {
            var lab = Lab;
            var accel = lab.ChooseAccelerator();
            var result = await new BootBenchmark(lab.Options, lab.Images, accel, LoggerFactory).RunAsync(lab.Series[0], BootRuns, ct);
            await result.WriteAsync(Path.Combine(ArtifactsDirectory, "bench", "boot.json"), ct);
            var table = new Table().AddColumns("mode", "n", "min (s)", "median (s)", "max (s)");
            foreach (var mode in BootModes)
            {
                var (count, min, median, max) = result.Stats(mode);
                table.AddRow(mode, count.ToString(CultureInfo.InvariantCulture), F(min), F(median), F(max));
            }

            Console.Write(table);
            var ratio = result.Stats("cold").Median / Math.Max(result.Stats("restore").Median, 0.001);
            Console.WriteLine($"{result.Series} ({result.Accelerator}): restore is {ratio:F1}x faster than a cold boot (medians)");
        });

    [Parameter("DeliveryBenchmark: deliveries of each kind (after one warm-up round)", Minimum = 1, Maximum = 50)]
    public int DeliveryRuns = 3;

    Target DeliveryBenchmark => _ => _
        .Description("The upload phase by SFTP, by the virtiofs source share and by the transfer disk, of the sources and of a host-built vexfs.ko, --delivery-runs times each in restored guests of the first --kernel; artifacts/bench/delivery.json")
        .DependsOn(PublishVexctl)
        .Executes(async ct =>
        {
            var lab = Lab;
            var accel = lab.ChooseAccelerator();
            Vexfs.Lab.Share.VirtioFsDaemon.RequirePrerequisites(new Vexfs.Lab.Host.ToolLocator());
            var result = await new Vexfs.Lab.Bench.DeliveryBenchmark(lab.Options, lab.Images, accel, LoggerFactory)
                .RunAsync(lab.Series[0], lab.ModuleSources, lab.VexctlBinary, DeliveryRuns, ct);
            await result.WriteAsync(Path.Combine(ArtifactsDirectory, "bench", "delivery.json"), ct);
            var table = new Table().AddColumns("delivers", "by", "n", "min (s)", "median (s)", "max (s)");
            foreach (var what in (string[])["sources", "built module"])
            {
                foreach (var by in Deliveries)
                {
                    var (count, min, median, max) = result.Stats(by, what);
                    table.AddRow(what, by, count.ToString(CultureInfo.InvariantCulture), F(min), F(median), F(max));
                }
            }

            Console.Write(table);
            foreach (var what in (string[])["sources", "built module"])
            {
                var ranked = Deliveries.Select(by => (By: by, Median: result.Stats(by, what).Median)).OrderBy(d => d.Median).ToList();
                Console.WriteLine($"{result.Series} ({result.Accelerator}), {what}: {ranked[0].By} is fastest ({string.Join(", ", ranked.Select(d => $"{d.By} {F(d.Median)} s"))}, medians)");
            }
        });

    private static IEnumerable<string> Deliveries => Enum.GetValues<Vexfs.Lab.ModuleBuild.SourceDelivery>().Select(d => d.ToString().ToLowerInvariant());

    private static string F(double seconds) => seconds.ToString("F2", CultureInfo.InvariantCulture);
}
