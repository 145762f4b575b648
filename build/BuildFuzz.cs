using System.Globalization;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Vexfs.Lab.Fuzz;
using Vexfs.Lab.Pipeline;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>The image fuzzer: damaged vexfs images mounted and worked on in a real guest; the kernel log judges.</summary>
internal sealed partial class Build
{
    /// <summary>
    /// FuzzSmoke's fixed set (CI): a few minutes of cases, always the same ones. Seed 1's first 60: on the module
    /// before hardening they found the drop_nlink warning (case 1) and the directory-size soft lockup (case 25).
    /// </summary>
    private const int SmokeSeed = 1;
    private const int SmokeCases = 60;

    [Parameter("FuzzImages: how many cases to run", Minimum = 1, Maximum = 1_000_000)]
    public int FuzzCases = 200;

    [Parameter("FuzzImages: the seed; case i of seed S is the same every run", Minimum = 0, Maximum = int.MaxValue)]
    public int Seed = 1;

    [Parameter("FuzzImages: the first case's number (replay one case: --fuzz-first I --fuzz-cases 1)", Minimum = 0, Maximum = int.MaxValue)]
    public int FuzzFirst;

    [Parameter("FuzzImages: cases per SSH round trip", Minimum = 1, Maximum = 120)]
    public int FuzzBatch = 24;

    [Parameter("FuzzImages: seconds a case may run before its guest counts as hung (a soft lockup is reported after about 20 s)", Minimum = 10, Maximum = 3600)]
    public int FuzzCaseTimeout = 60;

    [Parameter("FuzzImages: how the cases reach the guest: written by the host into regions of its second disk, or copied in over SFTP")]
    public FuzzAttach FuzzAttach = FuzzAttach.Disk;

    [Parameter("FuzzImages: the module source directory to fuzz (default: vexfs-kernel/); its uapi header gives the on-disk layout")]
    public string FuzzModuleSource = "";

    Target FuzzImages => _ => _
        .Description("Fuzz the module with damaged images (--fuzz-cases N --seed S) in a guest of the first --kernel; reproducers of every warning, crash or hang in artifacts/fuzz/")
        .DependsOn(PublishVexctl)
        .Executes(ct => RunFuzzAsync(FuzzCases, Seed, FuzzFirst, ct));

    Target FuzzSmoke => _ => _
        .Description($"FuzzImages' fixed CI set: seed {SmokeSeed}, {SmokeCases} cases (a few minutes)")
        .DependsOn(PublishVexctl)
        .After(VmIntegration, FaultSmoke)
        .Executes(ct => RunFuzzAsync(SmokeCases, SmokeSeed, 0, ct));

    private async Task RunFuzzAsync(int cases, int seed, int first, CancellationToken ct)
    {
        var lab = Lab;
        var series = lab.Series[0];
        var accel = lab.ChooseAccelerator();
        var moduleSource = string.IsNullOrWhiteSpace(FuzzModuleSource) ? lab.ModuleSources : Path.GetFullPath(FuzzModuleSource);
        var source = new ModuleInstallSettings(moduleSource, lab.VexctlBinary)
        {
            // Every replaced guest loads the module again: built once on the host, then only delivered.
            ModuleBuild = Vexfs.Lab.ModuleBuild.ModuleBuildMode.Host,
            Delivery = lab.CreateIntegrationOptions().SourceDelivery,
        };
        var options = new FuzzOptions(cases, seed, ArtifactsDirectory)
        {
            FirstCase = first,
            BatchSize = FuzzBatch,
            CaseTimeout = TimeSpan.FromSeconds(FuzzCaseTimeout),
            Attach = FuzzAttach,
        };
        using var run = new TempRunDirectory($"vexfs-fuzz-{series.Name}-");
        var summary = await new FuzzRunner(lab.Launcher(accel), source, LoggerFactory).RunAsync(series, options, run.Path, null, ct);
        // One row per distinct report: the first case that found it is the reproducer to start from.
        var table = new Table().AddColumns("report", "verdict", "cases", "first reproducer");
        foreach (var group in summary.DistinctReports())
        {
            var earliest = group.First();
            table.AddRow(Markup.Escape(earliest.Headline), earliest.Verdict.ToString(), group.Count().ToString(CultureInfo.InvariantCulture),
                Markup.Escape(Path.Combine(options.ReproducerDirectory, earliest.Case.Id + ".img")));
        }

        if (summary.Failed > 0)
        {
            Console.Write(table);
        }

        var line = string.Create(CultureInfo.InvariantCulture,
            $"FuzzImages ({series.Name}, {moduleSource}): {summary.Outcomes.Count} cases, {summary.Clean} clean, {summary.Count(FuzzVerdict.Reported)} reported, {summary.Count(FuzzVerdict.Crashed)} crashed, {summary.Count(FuzzVerdict.Hung)} hung ({summary.DistinctReports().Count} distinct reports); {summary.GuestsReplaced} guests replaced; {summary.CasesPerMinute:F1} cases/min ({summary.Fuzzing.TotalSeconds:F0} s fuzzing after {summary.Setup.TotalSeconds:F0} s setup)");
        Console.WriteLine(line);
        Logger.LogInformation("{Line}", line);
        Tally.AddFuzz(summary.Clean, summary.Failed);
        if (summary.Failed > 0)
        {
            throw new InvalidOperationException($"the fuzzer found {summary.Failed} failing case(s); reproducers in {options.ReproducerDirectory}");
        }
    }
}
