using System.Globalization;
using System.Text;

namespace Vexfs.Reports;

/// <summary>Renders a <see cref="RunReport"/> as a Markdown page a developer reads top-down.</summary>
public static class MarkdownReport
{
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        RenderHeader(md, report);
        RenderPhases(md, report.Phases);
        if (report.Tests is not null)
        {
            RenderTests(md, report.Tests, "Tests");
        }

        if (report.KUnit is not null)
        {
            RenderTests(md, report.KUnit, "KUnit (in the guest kernel)");
        }

        RenderFindings(md, report.Findings, PhaseNames.LogWasScanned(report));
        if (report.VexctlStatus is not null)
        {
            md.Append("\n## vexctl status\n\n")
                .Append(TextFormat.Fenced(report.VexctlStatus.ToJsonString(ReportJson.Options), "json"));
        }

        if (report.Bench is not null)
        {
            RenderBench(md, report.Bench);
        }

        if (report.Verdict == Verdict.Failed && !string.IsNullOrWhiteSpace(report.ConsoleTail))
        {
            md.Append("\n## Console tail\n\n").Append(TextFormat.Fenced(report.ConsoleTail));
        }

        return md.ToString();
    }

    private static void RenderHeader(StringBuilder md, RunReport r)
    {
        md.Append(CultureInfo.InvariantCulture, $"# VexFS {r.Suite} run on Linux {r.Series}\n\n");
        if (r.Verdict == Verdict.Passed)
        {
            md.Append("**Verdict: PASSED**\n");
        }
        else
        {
            md.Append(CultureInfo.InvariantCulture, $"**Verdict: FAILED** ({r.FailureClass})");
            md.Append(string.IsNullOrWhiteSpace(r.FailureReason) ? "\n" : $": {r.FailureReason.ReplaceLineEndings(" ")}\n");
        }

        md.Append("\n| | |\n|---|---|\n")
            .Append(CultureInfo.InvariantCulture, $"| Kernel release | {TextFormat.Cell(r.KernelRelease ?? "unknown (guest did not report it)")} |\n")
            .Append(CultureInfo.InvariantCulture, $"| Series | {TextFormat.Cell(r.Series)} |\n")
            .Append(CultureInfo.InvariantCulture, $"| Suite | {TextFormat.Cell(r.Suite)} |\n")
            .Append(CultureInfo.InvariantCulture, $"| Accelerator | {TextFormat.Cell(r.Accelerator)} |\n")
            .Append(CultureInfo.InvariantCulture, $"| Image | `{r.ImageKey}` ({TextFormat.Cell(r.ImageBuilder)}) |\n")
            .Append(CultureInfo.InvariantCulture, $"| Started | {r.StartedAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC |\n")
            .Append(CultureInfo.InvariantCulture, $"| Duration | {TextFormat.Duration(r.Duration)} |\n");
        if (r.ImageNote is not null)
        {
            md.Append(CultureInfo.InvariantCulture, $"| Note | {TextFormat.Cell(r.ImageNote)} |\n");
        }

        if (r.BuiltKernel is { } k)
        {
            md.Append(CultureInfo.InvariantCulture, $"| Built kernel | {TextFormat.Cell($"{k.SourcePackage} {k.SourceVersion}, {k.Compiler}, config sha256 {k.ConfigSha256[..16]}")} (`{k.Key}`) |\n");
            if (k.Note is not null)
            {
                md.Append(CultureInfo.InvariantCulture, $"| Note | {TextFormat.Cell(k.Note)} |\n");
            }
        }
    }

    private static void RenderPhases(StringBuilder md, IReadOnlyList<PhaseResult> phases)
    {
        md.Append("\n## Phases\n\n");
        if (phases.Count == 0)
        {
            md.Append("No phase ran.\n");
            return;
        }

        md.Append("| Phase | Status | Duration | Detail |\n|---|---|---:|---|\n");
        foreach (var p in phases)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {TextFormat.Cell(p.Name)} | {Status(p.Status)} | {TextFormat.Duration(p.Duration)} | {TextFormat.Cell(p.Detail)} |\n");
        }
    }

    private static void RenderTests(StringBuilder md, TestRunSummary tests, string title)
    {
        md.Append(CultureInfo.InvariantCulture, $"\n## {title}\n\n")
            .Append(CultureInfo.InvariantCulture,
                $"{tests.Passed} passed, {tests.Failed} failed, {tests.Skipped} skipped ({tests.Total} total)")
            .Append(tests.NotRun > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {tests.NotRun} not run (left out by --test).\n\n") : ".\n\n");
        if (tests.Tests.Count == 0)
        {
            return;
        }

        md.Append("| Test | Status | Duration |\n|---|---|---:|\n");
        foreach (var t in tests.Tests.OrderBy(t => t.Status != PhaseStatus.Failed).ThenBy(t => t.Name, StringComparer.Ordinal))
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {TextFormat.Cell(t.Name)} | {Status(t.Status)} | {TextFormat.Duration(t.Duration)} |\n");
        }

        foreach (var t in tests.Tests.Where(t => t.Status == PhaseStatus.Failed).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            md.Append(CultureInfo.InvariantCulture, $"\n### Failed: {t.Name}\n\n")
                .Append(TextFormat.Fenced(t.Message ?? "(no message)"));
            if (!string.IsNullOrWhiteSpace(t.Output))
            {
                md.Append("\nOutput:\n\n").Append(TextFormat.Fenced(t.Output));
            }
        }
    }

    private static void RenderFindings(StringBuilder md, IReadOnlyList<KernelLogFinding> findings, bool scanned)
    {
        md.Append("\n## Kernel log\n\n");
        if (findings.Count == 0)
        {
            md.Append(scanned
                ? "Clean: no oops, BUG, warning, panic, lockup or hung task in the console log or dmesg.\n"
                : "Not scanned: the run ended before the log-scan phase.\n");
            return;
        }

        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            md.Append(i == 0 ? "" : "\n")
                .Append(CultureInfo.InvariantCulture, $"### {f.Class}: `{f.Pattern}` ({f.Source}, line {f.Line})\n\n")
                .Append(TextFormat.Fenced(f.Block));
        }
    }

    private static void RenderBench(StringBuilder md, BenchResult b)
    {
        md.Append("\n## Benchmark\n\n")
            .Append(CultureInfo.InvariantCulture,
                $"{b.Vectors:N0} vectors of dimension {b.Dim}, {b.Queries:N0} queries, k = {b.K}.\n\n")
            .Append("| | per second | p50 µs | p90 µs | p99 µs | max µs |\n|---|---:|---:|---:|---:|---:|\n");
        Row("insert", b.InsertsPerSecond, b.InsertLatencyUs);
        Row("search", b.SearchesPerSecond, b.SearchLatencyUs);

        void Row(string name, double rate, LatencySummary l) => md.Append(CultureInfo.InvariantCulture,
            $"| {name} | {TextFormat.Number(rate)} | {TextFormat.Number(l.P50)} | {TextFormat.Number(l.P90)} | {TextFormat.Number(l.P99)} | {TextFormat.Number(l.Max)} |\n");
    }

    private static string Status(PhaseStatus s) => s switch
    {
        PhaseStatus.Passed => "passed",
        PhaseStatus.Failed => "**FAILED**",
        PhaseStatus.NotRun => "not run",
        _ => "skipped",
    };
}
