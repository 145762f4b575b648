using Vexfs.Reports;

namespace Vexfs.Lab.ModuleBuild;

/// <summary>The one verdict on a module build's output, wherever it ran: a failed make or any warning fails it.</summary>
public static class KbuildOutput
{
    /// <summary>Throws a Build-class <see cref="PhaseFailedException"/> when make failed or printed a warning.</summary>
    public static void Check(int exitCode, string output, string where)
    {
        var lines = output.Split('\n');
        var warnings = lines.Count(l => l.Contains("warning:", StringComparison.Ordinal));
        if (exitCode == 0 && warnings == 0)
        {
            return;
        }

        var first = lines.FirstOrDefault(l => l.Contains("error:", StringComparison.Ordinal) || l.Contains("warning:", StringComparison.Ordinal));
        throw new PhaseFailedException(FailureClass.Build, $"module build {where} failed (exit {exitCode}, {warnings} warning(s)): {first?.Trim() ?? Tail(output)}");
    }

    internal static string Tail(string text, int lines = 5) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines));
}
