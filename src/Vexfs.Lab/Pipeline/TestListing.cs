using System.Text.RegularExpressions;

namespace Vexfs.Lab.Pipeline;

/// <summary>Reads the xunit v3 runner's <c>-list methods</c> output: one Namespace.Class.Method a line, among banner lines.</summary>
public static partial class TestListing
{
    public static IReadOnlyList<string> Parse(IEnumerable<string> lines) =>
        lines.Select(l => AnsiEscape().Replace(l, "").Trim())
            .Where(l => MethodName().IsMatch(l))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"^[A-Za-z_][\w+]*(\.[A-Za-z_][\w+]*){2,}$")]
    private static partial Regex MethodName();
}
