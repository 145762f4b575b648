namespace Vexfs.Reports;

/// <summary>Writes the three per-run report files into one directory (artifacts/reports/&lt;kernel&gt;/).</summary>
public static class ReportWriter
{
    public const string JsonFileName = "report.json";
    public const string MarkdownFileName = "report.md";
    public const string JUnitFileName = "junit.xml";

    /// <summary>Writes report.json, report.md and junit.xml; returns their paths in that order.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(RunReport report, string directory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);

        var files = new (string Name, string Text)[]
        {
            (JsonFileName, ReportJson.Serialize(report) + "\n"),
            (MarkdownFileName, MarkdownReport.Render(report)),
            (JUnitFileName, JUnitReport.RenderText(report)),
        };

        var paths = new List<string>(files.Length);
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(directory, name);
            await File.WriteAllTextAsync(path, text, ct);
            paths.Add(path);
        }

        return paths;
    }
}
