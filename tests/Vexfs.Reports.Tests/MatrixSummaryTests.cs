using Snapshooter.Xunit3;
using Xunit;

namespace Vexfs.Reports.Tests;

public class MatrixSummaryTests
{
    [Fact]
    public void One_failed_kernel_fails_the_matrix()
    {
        var summary = MatrixSummary.FromReports("integration", [TestReports.Passed(), TestReports.Oopsed()]);

        Assert.Equal(Verdict.Failed, summary.Verdict);
        Assert.Equal(["6.1", "6.12"], summary.Rows.Select(r => r.Series));
        Assert.Equal(FailureClass.Oops, summary.Rows[1].FailureClass);
        Assert.Equal(Verdict.Passed, MatrixSummary.FromReports("integration", [TestReports.Passed()]).Verdict);
    }

    [Fact]
    public void No_kernel_is_an_error_that_says_so()
    {
        var e = Assert.Throws<ArgumentException>(() => MatrixSummary.FromReports("integration", []));
        Assert.Contains("no kernel was run", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_snapshot() =>
        Snapshot.Match(MatrixSummaryWriter.RenderMarkdown(MatrixSummary.FromReports("integration", [TestReports.Passed(), TestReports.Oopsed()])));

    [Fact]
    public async Task Writes_summary_json_and_md()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"vexfs-summary-{Guid.NewGuid():N}");
        try
        {
            var summary = MatrixSummary.FromReports("integration", [TestReports.Passed(), TestReports.Oopsed()]);
            var paths = await MatrixSummaryWriter.WriteAsync(summary, dir, TestContext.Current.CancellationToken);

            Assert.Equal(["summary.json", "summary.md"], paths.Select(Path.GetFileName));
            var json = await File.ReadAllTextAsync(paths[0], TestContext.Current.CancellationToken);
            Assert.Contains("\"kernelRelease\": \"6.12.57+deb13-cloud-amd64\"", json, StringComparison.Ordinal);
            Assert.Contains("\"failureClass\": \"Oops\"", json, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
