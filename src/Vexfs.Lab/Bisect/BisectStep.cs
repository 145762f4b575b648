using Vexfs.Reports;

namespace Vexfs.Lab.Bisect;

/// <summary>What one step said about its commit.</summary>
public enum StepVerdict
{
    /// <summary>Passed: the bad change comes later.</summary>
    Good,

    /// <summary>Failed (with the failure class looked for, if one was given): the bad change is here or earlier.</summary>
    Bad,

    /// <summary>The kit could not judge it (exit 125), or it failed some other way than the class looked for.</summary>
    Skip,
}

/// <summary>One commit judged: its verdict, the failure class, why, and where the step's report is.</summary>
public sealed record StepResult(
    string Commit,
    string Subject,
    StepVerdict Verdict,
    FailureClass FailureClass,
    string? Reason,
    string? ReportPath,
    TimeSpan Duration);

/// <summary>Judges one commit; the kit's own loop in a worktree, or recorded outcomes in unit tests.</summary>
public interface IStepJudge
{
    Task<StepResult> JudgeAsync(string commit, string subject, int number, CancellationToken ct);
}

/// <summary>
/// The outcome of a bisection: the first bad commit and its step, or — when commits the kit could not judge sit
/// at the boundary — every commit it could be (<see cref="Candidates"/>, oldest first).
/// </summary>
public sealed record BisectResult(StepResult? FirstBad, IReadOnlyList<string> Candidates, IReadOnlyList<StepResult> Steps, TimeSpan Duration)
{
    public bool Found => FirstBad is not null && Candidates.Count == 1;
}
