using System.Text.RegularExpressions;
using Vexfs.Reports;

namespace Vexfs.Lab.KernelLog;

/// <summary>
/// Reads the KTAP that KUnit prints to the kernel log, the way kunit.py's parser does: a "# Subtest:" line
/// opens a suite at its indentation, "1..N" is its plan, "ok"/"not ok N name" lines at that indentation are
/// its results ("# SKIP" directive: skipped), a result one level out closes it (or, unindented, the result
/// after the plan is complete that names the suite); a nested suite (a parameterised case) counts as one
/// result of its parent and reports its children as cases. A suite
/// whose results stop short of its plan (the kernel crashed mid-suite, or the log ends) fails every
/// missing case. Only lines after the timestamp are read, so dmesg and the serial console both work.
/// </summary>
public static partial class KtapParser
{
    public static TestRunSummary? Parse(string log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var cases = new List<TestCaseResult>();
        var open = new Stack<Suite>();
        var sawKtap = false;
        foreach (var raw in log.Split('\n'))
        {
            var text = Body(raw.TrimEnd('\r'));
            var indent = text.Length - text.TrimStart(' ').Length;
            var line = text.Trim();
            if (line.StartsWith("# Subtest: ", StringComparison.Ordinal))
            {
                sawKtap = true;
                open.Push(new Suite(line["# Subtest: ".Length..].Trim(), indent, open.Count == 0 ? null : open.Peek()));
                continue;
            }

            if (open.Count == 0)
            {
                continue;
            }

            var top = open.Peek();
            if (Plan().Match(line) is { Success: true } plan && indent == top.Indent && top.Planned is null)
            {
                top.Planned = int.Parse(plan.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (Result().Match(line) is { Success: true } result)
            {
                var status = result.Groups["skip"].Success ? PhaseStatus.Skipped
                    : result.Groups["not"].Success ? PhaseStatus.Failed : PhaseStatus.Passed;
                var name = result.Groups["name"].Value.Trim();
                var closes = indent < top.Indent || (top.Planned is { } planned && top.Results >= planned && name == top.Name);
                if (!closes)
                {
                    top.Results++;
                    cases.Add(new TestCaseResult($"{top.Path}.{name}", top.Path, status, TimeSpan.Zero, status == PhaseStatus.Failed ? top.TakeDiagnostics() : null));
                    top.Diagnostics.Clear();
                }
                else
                {
                    // The suite's own result line: close it (and fail what its plan promised but never came).
                    cases.AddRange(Close(open.Pop(), "its results stop short of its plan"));
                    if (open.Count > 0)
                    {
                        open.Peek().Results++;
                    }
                }
            }
            else if (line.StartsWith('#') && indent >= top.Indent)
            {
                top.Diagnostics.Add(line);
            }
        }

        while (open.Count > 0)
        {
            cases.AddRange(Close(open.Pop(), "the log ends before its result (a crash mid-suite?)"));
        }

        return sawKtap
            ? new TestRunSummary(
                cases.Count(c => c.Status == PhaseStatus.Passed), cases.Count(c => c.Status == PhaseStatus.Failed),
                cases.Count(c => c.Status == PhaseStatus.Skipped), cases)
            : null;
    }

    private static IEnumerable<TestCaseResult> Close(Suite suite, string why)
    {
        for (var n = suite.Results + 1; suite.Planned is { } planned && n <= planned; n++)
        {
            yield return new TestCaseResult($"{suite.Path}.case {n}", suite.Path, PhaseStatus.Failed, TimeSpan.Zero,
                $"no result for case {n} of {planned}: {why}", suite.TakeDiagnostics());
        }
    }

    /// <summary>The text after a "[   12.345678] " timestamp (and a console's "&lt;6&gt;" level), or the line itself.</summary>
    private static string Body(string line)
    {
        var m = Timestamp().Match(line);
        return m.Success ? line[m.Length..] : line;
    }

    [GeneratedRegex(@"^(<\d+>)?\[\s*\d+\.\d+\] ?", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^1\.\.(?<n>\d+)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Plan();

    [GeneratedRegex(@"^(?<not>not )?ok \d+ (?<name>[^#]*?)\s*(#\s*(?<skip>SKIP)\b.*)?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.IgnoreCase)]
    private static partial Regex Result();

    private sealed class Suite(string name, int indent, Suite? parent)
    {
        public string Name { get; } = name;

        public int Indent { get; } = indent;

        public string Path { get; } = parent is null ? name : $"{parent.Path}.{name}";

        public int? Planned { get; set; }

        public int Results { get; set; }

        public List<string> Diagnostics { get; } = [];

        public string? TakeDiagnostics() => Diagnostics.Count == 0 ? null : string.Join('\n', Diagnostics);
    }
}
