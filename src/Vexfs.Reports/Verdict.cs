namespace Vexfs.Reports;

/// <summary>Overall outcome of a run against one kernel.</summary>
public enum Verdict
{
    Passed,
    Failed,
}
