using System.Text.RegularExpressions;

namespace Vexfs.Lab.Pipeline;

/// <summary>
/// The integration tests <c>--test PATTERN</c> asks for. A pattern is matched, ignoring case, against a test
/// method's full name (Namespace.Class.Method): with <c>*</c> as a wildcard over the whole name, otherwise as a
/// substring ("Persist", "SearchTests.K_out"). Several patterns select every test that matches any of them.
/// </summary>
public sealed record TestSelection(IReadOnlyList<string> Patterns)
{
    public bool Matches(string method) => Patterns.Any(p => Match(p, method));

    /// <summary>The methods chosen out of every method the suite has; an error that lists them when none matches.</summary>
    public SelectedTests Choose(IReadOnlyList<string> allMethods)
    {
        ArgumentNullException.ThrowIfNull(allMethods);
        var chosen = allMethods.Where(Matches).ToList();
        if (chosen.Count == 0)
        {
            throw new LabException(
                $"--test {Describe()} matches none of the {allMethods.Count} integration tests, so nothing would be judged",
                "give part of a test's name (a substring) or a pattern with *; the tests are: "
                + string.Join(", ", allMethods.Select(ShortName)));
        }

        return new SelectedTests(this, allMethods, chosen);
    }

    public string Describe() => string.Join(',', Patterns.Select(p => $"'{p}'"));

    /// <summary>Class.Method, the part of a full name people type.</summary>
    public static string ShortName(string method)
    {
        var parts = method.Split('.');
        return parts.Length >= 2 ? $"{parts[^2]}.{parts[^1]}" : method;
    }

    private static bool Match(string pattern, string method)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return method.Contains(pattern, StringComparison.OrdinalIgnoreCase);
        }

        var regex = "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$";

        // A wildcard pattern may name the full method or Class.Method.
        return Regex.IsMatch(method, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
            || Regex.IsMatch(ShortName(method), regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}

/// <summary>The outcome of a selection: every method of the suite and the ones that will run.</summary>
public sealed record SelectedTests(TestSelection Selection, IReadOnlyList<string> All, IReadOnlyList<string> Chosen)
{
    public IEnumerable<string> LeftOut => All.Except(Chosen, StringComparer.Ordinal);
}
