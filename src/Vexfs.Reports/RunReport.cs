using System.Text.Json.Nodes;

namespace Vexfs.Reports;

/// <summary>Everything one run against one kernel produced; the input of every report writer.</summary>
public sealed record RunReport(
    string Series,
    string Suite,
    string? KernelRelease,
    string Accelerator,
    string ImageKey,
    string ImageBuilder,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    Verdict Verdict,
    FailureClass FailureClass,
    string? FailureReason,
    IReadOnlyList<PhaseResult> Phases,
    TestRunSummary? Tests,
    IReadOnlyList<KernelLogFinding> Findings,
    JsonObject? VexctlStatus,
    BenchResult? Bench,
    string? ConsoleTail);
