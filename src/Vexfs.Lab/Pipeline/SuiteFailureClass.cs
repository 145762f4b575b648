using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>
/// The failure class of a suite with failed tests, from what the tests declare (<c>[Trait("FailureClass", "DataLoss")]</c>,
/// on a method or its class), not from their names: a failed DataLoss test makes the run DataLoss, any other Test.
/// </summary>
public static class SuiteFailureClass
{
    public const string TraitName = "FailureClass";

    /// <summary>The runner's arguments that list the methods of <paramref name="assembly"/> declaring <paramref name="failureClass"/>, without running them.</summary>
    public static IReadOnlyList<string> ListArguments(string assembly, FailureClass failureClass) =>
        ["exec", assembly, "-list", "methods", "-trait", $"{TraitName}={failureClass}", "-noColor"];

    /// <summary>The fully qualified method names in the runner's <c>-list methods</c> output (its banner and blank lines left out).</summary>
    public static IReadOnlySet<string> ParseMethods(string listOutput) =>
        listOutput.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.Contains(' ', StringComparison.Ordinal) && line.Contains('.', StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

    public static FailureClass Classify(IEnumerable<TestCaseResult> failed, IReadOnlySet<string> dataLossMethods) =>
        failed.Any(t => dataLossMethods.Contains(MethodOf(t.Name))) ? FailureClass.DataLoss : FailureClass.Test;

    // A TRX test name is the method's full name, with a theory's arguments in parentheses.
    private static string MethodOf(string testName)
    {
        var paren = testName.IndexOf('(', StringComparison.Ordinal);
        return paren < 0 ? testName : testName[..paren];
    }
}
