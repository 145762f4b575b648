using System.Globalization;
using System.Text;

namespace Vexfs.Reports;

/// <summary>Writes summary.md and summary.json (artifacts/reports/) for a run over several kernels.</summary>
public static class MatrixSummaryWriter
{
    public const string JsonFileName = "summary.json";
    public const string MarkdownFileName = "summary.md";

    /// <summary>Writes summary.json and summary.md; returns their paths in that order.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(MatrixSummary summary, string directory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, JsonFileName);
        var md = Path.Combine(directory, MarkdownFileName);
        await File.WriteAllTextAsync(json, ReportJson.Serialize(summary) + "\n", ct);
        await File.WriteAllTextAsync(md, RenderMarkdown(summary), ct);
        return [json, md];
    }

    public static string RenderMarkdown(MatrixSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var failed = summary.Rows.Count(r => r.Verdict == Verdict.Failed);
        var md = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"# VexFS {summary.Suite}: {(summary.Verdict == Verdict.Passed ? "PASSED" : "FAILED")}\n\n")
            .Append(CultureInfo.InvariantCulture, $"{summary.Rows.Count - failed} of {summary.Rows.Count} kernels passed.\n\n")
            .Append("| Series | Kernel release | Verdict | Failure class | Duration | Reason |\n|---|---|---|---|---:|---|\n");
        foreach (var r in summary.Rows)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| [{TextFormat.Cell(r.Series)}]({r.Series}/report.md) | {TextFormat.Cell(r.KernelRelease ?? "unknown")} | {(r.Verdict == Verdict.Passed ? "passed" : "**FAILED**")} | {(r.FailureClass == FailureClass.None ? "" : r.FailureClass.ToString())} | {TextFormat.Duration(r.Duration)} | {TextFormat.Cell(r.FailureReason)} |\n");
        }

        return md.ToString();
    }
}
