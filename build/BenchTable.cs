using Spectre.Console;
using Vexfs.Reports;
using Vexfs.Reports.Bench;

namespace VexfsBuild;

/// <summary>The Benchmark target's terminal tables: phases naive vs edit loop, then the goals.</summary>
internal static class BenchTable
{
    public static void Write(IAnsiConsole console, LoopBenchmarkReport report)
    {
        var phases = new Table().Title($"Loop benchmark: {Markup.Escape(report.Naive.Series)} ({Markup.Escape(report.Naive.KernelRelease ?? "?")}), {report.Accelerator}")
            .AddColumns("Phase", "Naive", "Edit → verdict", "Ratio");
        foreach (var phase in PhaseNames.All)
        {
            var naive = report.Naive.PhaseSeconds(phase);
            var edit = report.Edit.PhaseSeconds(phase);
            phases.AddRow(phase, Seconds(naive), Seconds(edit), Ratio(naive, edit));
        }

        phases.AddRow("[bold]total[/]", Seconds(report.Naive.TotalSeconds), Seconds(report.Edit.TotalSeconds), Ratio(report.Naive.TotalSeconds, report.Edit.TotalSeconds));
        console.Write(phases);
        console.WriteLine($"edit → verdict as the whole ./build.sh command: {Seconds(report.EditCommandSeconds)}; stock guest cold boot to SSH: {Seconds(report.StockBootSeconds)}");

        var goals = new Table().Title("Goals (issue #17)").AddColumns("Goal", "Measured", "Target", "Met");
        foreach (var goal in report.Goals)
        {
            goals.AddRow(
                Markup.Escape(goal.Goal),
                goal.Measured is { } m ? $"{m:F1} {goal.Unit}" : "not measured",
                Markup.Escape($"{goal.Comparison} {goal.Target} {goal.Unit}"),
                goal.Met ? "[green]yes[/]" : "[red]no[/]");
        }

        console.Write(goals);
    }

    private static string Seconds(double? seconds) => seconds is { } s ? $"{s:F1} s" : "-";

    private static string Ratio(double? slow, double? fast) => LoopBenchmarkReport.Ratio(slow, fast) is { } r ? $"{r:F1}x" : "-";
}
