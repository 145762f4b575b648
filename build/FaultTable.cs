using Spectre.Console;
using Vexfs.Lab.Faults;

namespace VexfsBuild;

/// <summary>One row per fault: what the catalogue expects and what the kit reported.</summary>
internal static class FaultTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<FaultOutcome> outcomes)
    {
        // The stock column shows what the suite's own kernel says about a debug-only fault (why debug kernels exist).
        var stock = outcomes.Any(o => o.Stock is not null);
        var table = new Table().Title("Fault catalogue").AddColumns("Fault", "Expected", "Reported", "Failed phase", "Duration", "Verdict");
        if (stock)
        {
            table.AddColumn("Stock kernel says");
        }

        foreach (var o in outcomes)
        {
            string[] row =
            [
                Markup.Escape(o.Fault.Name),
                Markup.Escape($"{o.Fault.Class} in {o.Fault.Phase}"),
                Markup.Escape(o.ActualClass.ToString()),
                Markup.Escape(o.FirstFailedPhase ?? "-"),
                $"{o.Duration.TotalSeconds:F0} s",
                o.Caught ? "[green]caught[/]" : $"[red]missed[/] {Markup.Escape(o.Detail)}",
            ];
            table.AddRow(stock ? [.. row, Markup.Escape(o.Stock ?? "-")] : row);
        }

        console.Write(table);
    }
}
