namespace Vexfs.Targets;

/// <summary>The outcome of one target in a run, as the summary table shows it.</summary>
public enum TargetStatus
{
    NotRun,
    Succeeded,
    Failed,
    Skipped,
    UpToDate,
}
