using Vexfs.Reports;

namespace Vexfs.Lab.Bisect;

/// <summary>
/// VmIntegration's exit codes, the <c>git bisect run</c> contract: 0 the module passed, 1 the module failed
/// (it did not build, oopsed, failed a test, …), 125 the kit could not judge (image, boot, SSH, the kit's own
/// build), which git bisect skips instead of blaming the commit.
/// </summary>
public static class VerdictExitCode
{
    public const int Passed = 0;
    public const int ModuleFailed = 1;
    public const int CannotJudge = 125;

    /// <summary>1 when any kernel failed because of the module, 125 when every failure was the kit's.</summary>
    public static int For(MatrixSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Verdict == Verdict.Passed)
        {
            return Passed;
        }

        return summary.Rows.Any(r => r.Verdict == Verdict.Failed && IsModuleFailure(r.FailureClass)) ? ModuleFailed : CannotJudge;
    }

    /// <summary>Every class but Infrastructure is something the module did.</summary>
    public static bool IsModuleFailure(FailureClass failureClass) => failureClass is not (FailureClass.Infrastructure or FailureClass.None);
}
