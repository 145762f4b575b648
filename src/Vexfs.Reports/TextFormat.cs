using System.Globalization;

namespace Vexfs.Reports;

/// <summary>Small formatting helpers shared by the Markdown and JUnit writers.</summary>
internal static class TextFormat
{
    public static string Duration(TimeSpan d) => d.TotalSeconds switch
    {
        < 1 => $"{d.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms",
        < 60 => $"{d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
        _ => $"{(int)d.TotalMinutes}m {d.Seconds.ToString("00", CultureInfo.InvariantCulture)}s",
    };

    public static string Seconds(TimeSpan d) => d.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary>A Markdown table cell: one line, pipes escaped.</summary>
    public static string Cell(string? text) =>
        string.IsNullOrEmpty(text) ? "" : text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal).Trim();

    /// <summary>A fenced code block whose fence is longer than any backtick run inside the text.</summary>
    public static string Fenced(string text, string language = "")
    {
        var longest = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', Math.Max(3, longest + 1));
        return $"{fence}{language}\n{text.ReplaceLineEndings("\n").TrimEnd('\n')}\n{fence}\n";
    }
}
