using Xunit;

namespace Vexfs.Reports.Tests;

/// <summary>Tests --test left out are shown as not run by every writer, never as passed.</summary>
public sealed class NotRunReportTests
{
    private static RunReport Filtered()
    {
        var report = TestReports.Passed();
        var leftOut = new TestCaseResult("Vexfs.Integration.Tests.PersistenceTests.Persists", "Vexfs.Integration.Tests.PersistenceTests",
            PhaseStatus.NotRun, TimeSpan.Zero, "not run: left out by --test 'Search'");
        return report with { Tests = report.Tests! with { Tests = [.. report.Tests.Tests, leftOut] } };
    }

    [Fact]
    public void Json_has_the_status_and_a_count_only_when_some_were_left_out()
    {
        var json = ReportJson.Serialize(Filtered());

        Assert.Contains("\"status\": \"NotRun\"", json, StringComparison.Ordinal);
        Assert.Contains("\"notRun\": 1", json, StringComparison.Ordinal);
        Assert.DoesNotContain("notRun", ReportJson.Serialize(TestReports.Passed()), StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_and_JUnit_say_not_run()
    {
        var report = Filtered();

        Assert.Contains("3 passed, 0 failed, 1 skipped (4 total); 1 not run (left out by --test).", MarkdownReport.Render(report), StringComparison.Ordinal);
        Assert.Contains("| not run |", MarkdownReport.Render(report), StringComparison.Ordinal);
        Assert.Contains("<skipped message=\"not run: left out by --test 'Search'\" />", JUnitReport.RenderText(report), StringComparison.Ordinal);
        Assert.Equal(3, report.Tests!.Passed);
    }
}
