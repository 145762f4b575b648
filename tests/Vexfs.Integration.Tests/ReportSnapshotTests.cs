using Snapshooter;
using Snapshooter.Xunit3;
using Vexfs.Reports;

namespace Vexfs.Integration.Tests;

/// <summary>
/// The normalised report of the last real VmIntegration run of each kernel, against its committed snapshot:
/// a change in what the module or vexctl reports, or in the test set, shows up as a reviewed diff.
/// Run by the build's ReportSnapshots target after VmIntegration; not part of the in-guest suite.
/// </summary>
public sealed class ReportSnapshotTests
{
    public static TheoryData<string> Series()
    {
        var requested = Environment.GetEnvironmentVariable("VEXFS_REPORT_SERIES");
        return new TheoryData<string>(string.IsNullOrEmpty(requested) ? ["6.1"] : requested.Split(','));
    }

    [Theory]
    [Trait("Category", "ReportSnapshot")]
    [MemberData(nameof(Series))]
    public async Task Normalised_report_matches_snapshot(string series)
    {
        var reports = Environment.GetEnvironmentVariable("VEXFS_REPORTS_DIR")
            ?? throw new InvalidOperationException("VEXFS_REPORTS_DIR is not set: run `./build.sh VmIntegration ReportSnapshots`, which sets it");
        var path = Path.Combine(reports, series, ReportWriter.JsonFileName);
        Assert.True(File.Exists(path), $"no report at {path}: run `./build.sh VmIntegration --kernel {series}` first");
        var report = await ReportJson.ReadRunReportAsync(path, TestContext.Current.CancellationToken);
        Snapshot.Match(ReportNormalizer.Normalize(report), SnapshotNameExtension.Create(series));
    }
}
