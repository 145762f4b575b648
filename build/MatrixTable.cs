using Spectre.Console;
using Vexfs.Reports;

namespace VexfsBuild;

/// <summary>One row per kernel after a VmIntegration matrix.</summary>
internal static class MatrixTable
{
    public static void Write(IAnsiConsole console, MatrixSummary summary)
    {
        var table = new Table().Title("VmIntegration").AddColumns("Kernel", "Release", "Verdict", "Class", "Duration", "Reason");
        foreach (var row in summary.Rows)
        {
            var verdict = row.Verdict == Verdict.Passed ? "[green]passed[/]" : "[red]failed[/]";
            table.AddRow(
                Markup.Escape(row.Series),
                Markup.Escape(row.KernelRelease ?? "-"),
                verdict,
                row.FailureClass == FailureClass.None ? "" : Markup.Escape(row.FailureClass.ToString()),
                $"{row.Duration.TotalSeconds:F1} s",
                Markup.Escape(row.FailureReason ?? ""));
        }

        console.Write(table);
    }
}
