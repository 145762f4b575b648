using System.Text.Json.Nodes;
using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>What one run has learnt so far; becomes the report at the end.</summary>
internal sealed class RunState(KernelSeries series, DateTimeOffset startedAt)
{
    public KernelSeries Series { get; } = series;

    public GuestImage? Image { get; set; }

    public string? KernelRelease { get; set; }

    public JsonObject? VexctlStatus { get; set; }

    public TestRunSummary? Tests { get; set; }

    public BenchResult? Bench { get; set; }

    public IReadOnlyList<KernelLogFinding> Findings { get; set; } = [];

    /// <summary>kmemleak's suspects attributed to vexfs after umount and rmmod (debug kernels only).</summary>
    public IReadOnlyList<KernelLogFinding> LeakFindings { get; set; } = [];

    /// <summary>The module's KUnit cases, read from the kernel log (kernels with CONFIG_KUNIT).</summary>
    public TestRunSummary? KUnit { get; set; }

    public string? ConsoleTail { get; set; }

    public FailureClass FailureClass { get; private set; } = FailureClass.None;

    public string? FailureReason { get; private set; }

    /// <summary>The first failing phase names the failure.</summary>
    public void Fail(FailureClass failureClass, string reason)
    {
        if (FailureClass == FailureClass.None)
        {
            (FailureClass, FailureReason) = (failureClass, reason);
        }
    }

    /// <summary>
    /// A crash in the kernel log is the root cause of whatever phase it broke (an oops during insmod is an
    /// oops, not a load failure); a warning or a hang report only names the failure when nothing else did.
    /// </summary>
    public void FailFromKernelLog(FailureClass worst, string reason)
    {
        // A sanitizer or lockdep report is the root cause too: it is the bug the run was looking for.
        var crash = worst is FailureClass.Panic or FailureClass.Oops or FailureClass.Bug
            or FailureClass.MemoryCorruption or FailureClass.Locking or FailureClass.AtomicSleep or FailureClass.UndefinedBehaviour or FailureClass.MemoryLeak;
        if (crash || FailureClass == FailureClass.None)
        {
            (FailureClass, FailureReason) = (worst, FailureReason is null ? reason : $"{reason}; then: {FailureReason}");
        }
    }

    public RunReport ToReport(IReadOnlyList<PhaseResult> phases, TimeSpan duration, string builder, string accelerator) => new(
        Series: Series.Name,
        Suite: Series.Suite,
        KernelRelease: KernelRelease,
        Accelerator: accelerator,
        ImageKey: Image?.Key ?? "",
        ImageBuilder: builder,
        StartedAt: startedAt,
        Duration: duration,
        Verdict: FailureClass == FailureClass.None ? Verdict.Passed : Verdict.Failed,
        FailureClass: FailureClass,
        FailureReason: FailureReason,
        Phases: phases,
        Tests: Tests,
        Findings: Findings,
        VexctlStatus: VexctlStatus,
        Bench: Bench,
        ConsoleTail: FailureClass == FailureClass.None ? null : ConsoleTail,
        KUnit: KUnit,
        BuiltKernel: Image?.BuiltKernel is { } k
            ? new BuiltKernelInfo(k.Key, k.SourcePackage, k.SourceVersion, $"{k.Compiler} {k.CompilerVersion}", k.ConfigHash, Image.Note)
            : null,
        ImageNote: Image?.BuiltKernel is null ? Image?.Note : null);
}
