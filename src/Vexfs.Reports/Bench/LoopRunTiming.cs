namespace Vexfs.Reports.Bench;

/// <summary>One measured VmIntegration run of the loop benchmark: how it started, how it built, its phases.</summary>
/// <param name="Name">naive, fast-first, edit, or matrix-&lt;series&gt;.</param>
public sealed record LoopRunTiming(
    string Name,
    string Series,
    string? KernelRelease,
    string Boot,
    string ModuleBuild,
    Verdict Verdict,
    string? FailureReason,
    double TotalSeconds,
    IReadOnlyList<PhaseResult> Phases)
{
    public static LoopRunTiming From(string name, string boot, string moduleBuild, RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new LoopRunTiming(
            name, report.Series, report.KernelRelease, boot, moduleBuild, report.Verdict, report.FailureReason, report.Duration.TotalSeconds, report.Phases);
    }

    /// <summary>Seconds of one phase, or null when the run did not get there.</summary>
    public double? PhaseSeconds(string phase) =>
        Phases.FirstOrDefault(p => p.Name == phase && p.Status != PhaseStatus.Skipped) is { } p ? p.Duration.TotalSeconds : null;
}
