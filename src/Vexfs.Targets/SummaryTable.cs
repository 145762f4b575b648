using System.Globalization;
using Spectre.Console;

namespace Vexfs.Targets;

/// <summary>The closing table: every planned target, its status and duration, and the total.</summary>
internal static class SummaryTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<TargetResult> results, TimeSpan total)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Target")
            .AddColumn("Status")
            .AddColumn(new TableColumn("Duration").RightAligned())
            .AddColumn("Note");
        foreach (var result in results)
        {
            table.AddRow(
                new Text(result.Name),
                new Text(result.Status.ToString(), new Style(Colour(result.Status))),
                new Text(Format(result.Duration)),
                new Text(Shorten(result.Note ?? "")));
        }

        table.AddEmptyRow();
        table.AddRow(new Text("Total"), new Text(""), new Text(Format(total)), new Text(""));
        console.Write(table);
    }

    public static string Format(TimeSpan duration) =>
        duration == TimeSpan.Zero ? "" : duration.ToString(@"m\:ss\.f", CultureInfo.InvariantCulture);

    private static string Shorten(string note)
    {
        var line = note.Split('\n')[0].Trim();
        return line.Length > 60 ? line[..57] + "..." : line;
    }

    private static Color Colour(TargetStatus status) => status switch
    {
        TargetStatus.Succeeded => Color.Green,
        TargetStatus.Failed => Color.Red,
        TargetStatus.UpToDate => Color.Aqua,
        TargetStatus.Skipped => Color.Yellow,
        _ => Color.Grey,
    };
}
