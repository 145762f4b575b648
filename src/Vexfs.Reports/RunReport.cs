using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

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
    string? ConsoleTail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TestRunSummary? KUnit = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BuiltKernelInfo? BuiltKernel = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ImageNote = null);

/// <summary>The kernel the kit built for the run (--kernel 6.1-debug): its source, compiler and config.</summary>
/// <param name="Note">Set when something about it needs saying, e.g. the mirror was unreachable and the cached index chose it.</param>
public sealed record BuiltKernelInfo(string Key, string SourcePackage, string SourceVersion, string Compiler, string ConfigSha256, string? Note);
