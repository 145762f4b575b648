using System.Globalization;
using System.Text;

namespace Vexfs.Reports.Bench;

/// <summary>Writes loop.json and loop.md for the Benchmark target.</summary>
public static class LoopBenchmarkWriter
{
    public const string JsonFileName = "loop.json";
    public const string MarkdownFileName = "loop.md";

    public static async Task WriteAsync(LoopBenchmarkReport report, string directory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, JsonFileName), ReportJson.Serialize(report) + "\n", ct);
        await File.WriteAllTextAsync(Path.Combine(directory, MarkdownFileName), RenderMarkdown(report), ct);
    }

    public static string RenderMarkdown(LoopBenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture,
            $"# VexFS loop benchmark, {report.Naive.Series} ({report.Naive.KernelRelease ?? "unknown"}), {report.Accelerator}, {report.HostCores} host cores\n\n");
        md.Append("| Phase | Naive (cold boot, guest build) | Edit → verdict (restore, host build) | Ratio |\n|---|---:|---:|---:|\n");
        foreach (var phase in PhaseNames.All)
        {
            var naive = report.Naive.PhaseSeconds(phase);
            var edit = report.Edit.PhaseSeconds(phase);
            md.Append(CultureInfo.InvariantCulture, $"| {phase} | {Seconds(naive)} | {Seconds(edit)} | {RatioCell(naive, edit)} |\n");
        }

        md.Append(CultureInfo.InvariantCulture,
            $"| **total** | **{Seconds(report.Naive.TotalSeconds)}** | **{Seconds(report.Edit.TotalSeconds)}** | **{RatioCell(report.Naive.TotalSeconds, report.Edit.TotalSeconds)}** |\n\n");
        md.Append(CultureInfo.InvariantCulture,
            $"Edit → verdict as the whole `./build.sh VmIntegration` command: {Seconds(report.EditCommandSeconds)}; a stock guest cold-booted to its first SSH command: {Seconds(report.StockBootSeconds)}.\n\n");
        md.Append("| Goal | Measured | Target | Met |\n|---|---:|---:|---|\n");
        foreach (var goal in report.Goals)
        {
            var measured = goal.Measured is { } m ? string.Create(CultureInfo.InvariantCulture, $"{m:F1} {goal.Unit}") : "not measured";
            md.Append(CultureInfo.InvariantCulture, $"| {goal.Goal} | {measured} | {goal.Comparison} {goal.Target} {goal.Unit} | {(goal.Met ? "yes" : "**no**")} |\n");
        }

        if (report.WarmMatrix.Count > 0)
        {
            md.Append("\n| Warm matrix kernel | Release | Verdict | Boot | Build | Total |\n|---|---|---|---:|---:|---:|\n");
            foreach (var run in report.WarmMatrix)
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"| {run.Series} | {run.KernelRelease} | {run.Verdict} | {Seconds(run.PhaseSeconds(PhaseNames.Boot))} | {Seconds(run.PhaseSeconds(PhaseNames.Build))} | {Seconds(run.TotalSeconds)} |\n");
            }
        }

        return md.ToString();
    }

    private static string Seconds(double? seconds) => seconds is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s:F1} s") : "–";

    private static string RatioCell(double? slow, double? fast) =>
        LoopBenchmarkReport.Ratio(slow, fast) is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r:F1}×") : "–";
}
