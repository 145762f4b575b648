namespace Vexfs.Reports;

/// <summary>Outcome of one phase of a run or of one test case.</summary>
public enum PhaseStatus
{
    Passed,
    Failed,
    Skipped,
}
