using System.Xml.Linq;
using Snapshooter.Xunit3;
using Xunit;

namespace Vexfs.Reports.Tests;

public sealed class ReportWriterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"vexfs-reports-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task Writes_the_three_files_and_json_round_trips()
    {
        var report = TestReports.Oopsed();
        var paths = await ReportWriter.WriteAsync(report, _dir, TestContext.Current.CancellationToken);

        Assert.Equal(["report.json", "report.md", "junit.xml"], paths.Select(Path.GetFileName));
        var json = await File.ReadAllTextAsync(paths[0], TestContext.Current.CancellationToken);
        Assert.Contains("\"failureClass\": \"Oops\"", json, StringComparison.Ordinal);
        Assert.Contains("\"verdict\": \"Failed\"", json, StringComparison.Ordinal);
        var back = await ReportJson.ReadRunReportAsync(paths[0], TestContext.Current.CancellationToken);
        Assert.Equal(ReportJson.Serialize(report), ReportJson.Serialize(back));
    }

    [Fact]
    public void Markdown_passed_snapshot() => Snapshot.Match(MarkdownReport.Render(TestReports.Passed()));

    [Fact]
    public void Markdown_oopsed_snapshot() => Snapshot.Match(MarkdownReport.Render(TestReports.Oopsed()));

    [Fact]
    public async Task Markdown_failed_tests_snapshot() => Snapshot.Match(MarkdownReport.Render(await TestReports.TestsFailedAsync()));

    [Fact]
    public async Task JUnit_failed_tests_snapshot() => Snapshot.Match(JUnitReport.RenderText(await TestReports.TestsFailedAsync()));

    [Fact]
    public void JUnit_passed_snapshot() => Snapshot.Match(JUnitReport.RenderText(TestReports.Passed()));

    [Fact]
    public void JUnit_oopsed_snapshot() => Snapshot.Match(JUnitReport.RenderText(TestReports.Oopsed()));

    [Fact]
    public void Markdown_puts_the_verdict_first_and_the_console_tail_only_on_failure()
    {
        var failed = MarkdownReport.Render(TestReports.Oopsed());
        var passed = MarkdownReport.Render(TestReports.Passed());

        Assert.StartsWith("# VexFS integration run on Linux 6.12\n\n**Verdict: FAILED** (Oops): kernel oops", failed, StringComparison.Ordinal);
        Assert.Contains("## Console tail", failed, StringComparison.Ordinal);
        Assert.DoesNotContain("## Console tail", passed, StringComparison.Ordinal);
        Assert.DoesNotContain("## Console tail", MarkdownReport.Render(TestReports.Passed() with { ConsoleTail = "boot ok" }), StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_fence_outgrows_backticks_in_the_quoted_text()
    {
        var report = TestReports.Oopsed() with { FailureReason = "a | b", ConsoleTail = "```\nnested\n```" };
        var md = MarkdownReport.Render(report);

        Assert.Contains("````\n```\nnested\n```\n````\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void JUnit_counts_match_the_cases_and_findings_are_failures()
    {
        var doc = JUnitReport.Render(TestReports.Oopsed());
        var root = doc.Root!;
        var suites = root.Elements("testsuite").ToList();

        Assert.Equal(["vexfs.6.12.phases", "vexfs.6.12.kernel-log"], suites.Select(s => (string)s.Attribute("name")!));
        foreach (var suite in suites)
        {
            var cases = suite.Elements("testcase").ToList();
            Assert.Equal(cases.Count, (int)suite.Attribute("tests")!);
            Assert.Equal(cases.Count(c => c.Element("failure") is not null), (int)suite.Attribute("failures")!);
            Assert.Equal(cases.Count(c => c.Element("skipped") is not null), (int)suite.Attribute("skipped")!);
        }

        Assert.Equal(suites.Sum(s => (int)s.Attribute("tests")!), (int)root.Attribute("tests")!);
        var finding = suites[1].Element("testcase")!.Element("failure")!;
        Assert.Equal("Oops", (string)finding.Attribute("type")!);
        Assert.Contains("Oops: 0000 [#1]", finding.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void JUnit_reads_tests_from_a_real_trx_and_drops_control_characters()
    {
        var tests = TrxReader.Parse(XDocument.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "integration.trx")), "fixture");
        var report = TestReports.Passed() with
        {
            Tests = tests,
            ConsoleTail = "x",
            Findings = [new KernelLogFinding(FailureClass.Warning, "WARNING:", "dmesg", 3, "[ 1.0] WARNING: \u0001bad\u001b[0m byte")],
        };

        var text = JUnitReport.RenderText(report);
        var doc = XDocument.Parse(text);

        var suite = doc.Root!.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "vexfs.6.1.integration");
        Assert.Equal(7, (int)suite.Attribute("tests")!);
        Assert.Equal(2, (int)suite.Attribute("failures")!);
        Assert.Equal(1, (int)suite.Attribute("skipped")!);
        Assert.Contains(suite.Elements("testcase"), c => (string)c.Attribute("classname")! == "Vexfs.Integration.Tests.MountTests");
        Assert.DoesNotContain('\u0001', text);
    }
}
