namespace Vexfs.Reports;

/// <summary>One integration test case as read from a TRX file.</summary>
public sealed record TestCaseResult(
    string Name,
    string ClassName,
    PhaseStatus Status,
    TimeSpan Duration,
    string? Message = null,
    string? Output = null);
