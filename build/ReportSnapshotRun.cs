using Microsoft.Extensions.Logging;
using Vexfs.Lab;
using Vexfs.Reports;

namespace VexfsBuild;

/// <summary>The ReportSnapshots target: the snapshot tests over artifacts/reports/&lt;series&gt;/report.json.</summary>
internal sealed class ReportSnapshotRun(DotNetCli dotnet, string rootDirectory, string artifactsDirectory, ILogger logger)
{
    public async Task<TestRunSummary> RunAsync(IReadOnlyList<KernelSeries> series, CancellationToken ct)
    {
        var results = Path.Combine(artifactsDirectory, "test-results");
        Directory.CreateDirectory(results);
        var project = Path.Combine(rootDirectory, "tests", "Vexfs.Integration.Tests", "Vexfs.Integration.Tests.csproj");
        var run = await dotnet.TestAsync(project, results, "report-snapshots.trx", ct, "Category=ReportSnapshot", new Dictionary<string, string?>
        {
            ["VEXFS_REPORTS_DIR"] = Path.Combine(artifactsDirectory, "reports"),
            ["VEXFS_REPORT_SERIES"] = string.Join(',', series.Select(s => s.Name)),
        });
        var summary = await TrxReader.ReadAsync(Path.Combine(results, "report-snapshots.trx"), ct);
        logger.LogInformation("report snapshots: {Passed} passed, {Failed} failed", summary.Passed, summary.Failed);
        if (run.ExitCode != 0 || summary.Failed > 0)
        {
            throw new InvalidOperationException(
                "a normalised report differs from its snapshot: review the diff above; if the change is intended, delete the .snap under tests/Vexfs.Integration.Tests/__snapshots__/ and rerun");
        }

        return summary;
    }
}
