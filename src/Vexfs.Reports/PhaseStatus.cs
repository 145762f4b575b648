namespace Vexfs.Reports;

/// <summary>Outcome of one phase of a run or of one test case.</summary>
public enum PhaseStatus
{
    Passed,
    Failed,
    Skipped,

    /// <summary>A test left out by a selection (<c>--test</c>): neither run nor skipped by the test itself.</summary>
    NotRun,
}
