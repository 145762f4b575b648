namespace Vexfs.Reports;

/// <summary>One kernel's line in the matrix summary.</summary>
public sealed record MatrixRow(
    string Series,
    string? KernelRelease,
    Verdict Verdict,
    FailureClass FailureClass,
    TimeSpan Duration,
    string? FailureReason = null)
{
    public static MatrixRow From(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new MatrixRow(report.Series, report.KernelRelease, report.Verdict, report.FailureClass, report.Duration,
            report.FailureReason);
    }
}
