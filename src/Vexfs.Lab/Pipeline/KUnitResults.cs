using Vexfs.Lab.KernelLog;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>The module's KUnit cases from the kernel log, into the run: a failed case fails it (class Test).</summary>
internal static class KUnitResults
{
    /// <summary>Reads the KTAP of <paramref name="log"/> into <paramref name="state"/>; returns what failed, or null.</summary>
    public static string? Apply(RunState state, string log)
    {
        state.KUnit = Once(KtapParser.Parse(log));
        if (state.KUnit is not { Failed: > 0 } kunit)
        {
            return null;
        }

        var failed = kunit.Tests.Where(t => t.Status == PhaseStatus.Failed).Select(t => t.Name).ToList();
        state.Fail(FailureClass.Test, $"KUnit: {failed.Count} of {kunit.Total} case(s) failed: {string.Join(", ", failed)}");
        return $"{failed.Count} KUnit case(s) failed";
    }

    /// <summary>
    /// Each case once: the suites run at every insmod, and a run loads the module more than once (the
    /// lifecycle tests reload it). A case that failed in any of them counts as failed.
    /// </summary>
    internal static TestRunSummary? Once(TestRunSummary? all)
    {
        if (all is null)
        {
            return null;
        }

        var cases = all.Tests.GroupBy(t => t.Name, StringComparer.Ordinal)
            .Select(g => g.FirstOrDefault(t => t.Status == PhaseStatus.Failed) ?? g.First()).ToList();
        return new TestRunSummary(
            cases.Count(c => c.Status == PhaseStatus.Passed), cases.Count(c => c.Status == PhaseStatus.Failed), cases.Count(c => c.Status == PhaseStatus.Skipped), cases);
    }
}
