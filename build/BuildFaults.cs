using Vexfs.Lab.Faults;
using Vexfs.Lab.Kernel;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>The fault catalogue: proof that the kit catches every broken module it should.</summary>
internal sealed partial class Build
{
    [Parameter("Faults of tests/faults/catalog.json to run (default: all of them; FaultSmoke: the CI subset)")]
    public string[] Fault = [];

    Target FaultMatrix => _ => _
        .Description("Run VmIntegration with each fault of tests/faults/catalog.json compiled into the module; every one must be caught with its class")
        .DependsOn(PublishVexctl)
        .After(VmIntegration)
        .Executes(ct => RunFaultsAsync(ciOnly: false, ct));

    Target FaultSmoke => _ => _
        .Description("The catalogue's CI subset of FaultMatrix (a crash, a warning, lost data)")
        .DependsOn(PublishVexctl)
        .After(VmIntegration, ReportSnapshots)
        .Executes(ct => RunFaultsAsync(ciOnly: true, ct));

    private async Task RunFaultsAsync(bool ciOnly, CancellationToken ct)
    {
        var lab = Lab;
        var all = await FaultCatalog.LoadAsync(Path.Combine(RootDirectory, "tests", "faults", "catalog.json"), ct);
        var series = lab.Series[0];

        // A stock kernel cannot see the debug-only faults; they run (unless named) only on a debug kernel.
        var faults = FaultCatalog.Select(all, Fault, ciOnly).Where(f => series.Build is not null || !f.DebugOnly || Fault.Contains(f.Name)).ToList();
        var stock = KernelCatalog.Default.Stock.FirstOrDefault(s => s.Suite == series.Suite);
        var accel = lab.ChooseAccelerator();
        var outcomes = await new FaultMatrixRunner(lab.CreateIntegrationOptions(), lab.Launcher(accel), accel.Name, LoggerFactory)
            .RunAsync(faults, series, ct, stock);
        FaultTable.Write(Console, outcomes);
        Tally.AddFaults(outcomes);
        var missed = outcomes.Where(o => !o.Caught).Select(o => o.Fault.Name).ToList();
        if (missed.Count > 0)
        {
            throw new InvalidOperationException($"the kit missed {missed.Count} fault(s): {string.Join(", ", missed)}; reports in artifacts/faults/<fault>/reports/");
        }
    }
}
