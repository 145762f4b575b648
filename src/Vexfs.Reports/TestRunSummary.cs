namespace Vexfs.Reports;

/// <summary>Counts and cases of one test run.</summary>
public sealed record TestRunSummary(int Passed, int Failed, int Skipped, IReadOnlyList<TestCaseResult> Tests)
{
    public int Total => Passed + Failed + Skipped;
}
