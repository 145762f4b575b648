using Vexfs.Lab.Bisect;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.Bisect;

/// <summary>The git bisect run contract, and how a Bisect step reads it.</summary>
public sealed class VerdictExitCodeTests
{
    private static MatrixSummary Summary(params (Verdict Verdict, FailureClass Class)[] rows) =>
        new("VmIntegration", rows.All(r => r.Verdict == Verdict.Passed) ? Verdict.Passed : Verdict.Failed,
            [.. rows.Select((r, i) => new MatrixRow($"k{i}", null, r.Verdict, r.Class, TimeSpan.Zero))]);

    [Fact]
    public void Passed_is_0_a_module_failure_1_and_only_kit_failures_125()
    {
        Assert.Equal(0, VerdictExitCode.For(Summary((Verdict.Passed, FailureClass.None))));
        Assert.Equal(1, VerdictExitCode.For(Summary((Verdict.Failed, FailureClass.Oops))));
        Assert.Equal(1, VerdictExitCode.For(Summary((Verdict.Failed, FailureClass.Build))));
        Assert.Equal(125, VerdictExitCode.For(Summary((Verdict.Failed, FailureClass.Infrastructure))));

        // One kernel blames the module: the commit is bad, whatever the other kernel's trouble.
        Assert.Equal(1, VerdictExitCode.For(Summary((Verdict.Failed, FailureClass.Infrastructure), (Verdict.Failed, FailureClass.Test))));
    }

    [Fact]
    public void A_step_reads_the_exit_code_and_the_class_looked_for()
    {
        var oops = Report(FailureClass.Oops);

        Assert.Equal(StepVerdict.Good, KitStepJudge.Judge(0, null, null).Verdict);
        Assert.Equal(StepVerdict.Bad, KitStepJudge.Judge(1, oops, null).Verdict);
        Assert.Equal(StepVerdict.Bad, KitStepJudge.Judge(1, oops, FailureClass.Oops).Verdict);
        Assert.Equal(StepVerdict.Skip, KitStepJudge.Judge(1, oops, FailureClass.Hang).Verdict);
        Assert.Equal(StepVerdict.Skip, KitStepJudge.Judge(1, null, null).Verdict);
        Assert.Equal(StepVerdict.Skip, KitStepJudge.Judge(125, Report(FailureClass.Infrastructure), null).Verdict);
        Assert.Equal(StepVerdict.Skip, KitStepJudge.Judge(134, null, null).Verdict);
    }

    [Fact]
    public void A_kernel_step_boots_the_worktree_as_the_tree_with_this_checkouts_module()
    {
        var options = new KitStepOptions("/kit", "/kit/artifacts/bisect/worktree-9", "/steps", "6.1", BisectKit.Current, null, ["--test", "Persist"], BisectSubject.Kernel);

        Assert.Equal(
            ["VmIntegration", "--kernel", "6.1", "--test", "Persist", "--kernel-tree", "/kit/artifacts/bisect/worktree-9", "--skip", "PublishVexctl"],
            KitStepJudge.StepCommandLine(options));
        Assert.Equal("6.1+tree", options.ReportName);
    }

    [Fact]
    public void A_module_step_on_a_developers_tree_keeps_booting_that_tree()
    {
        var options = new KitStepOptions("/kit", "/w", "/steps", "6.1-debug", BisectKit.Current, null, [], BisectSubject.Module, "/src/linux");

        Assert.Equal(
            ["VmIntegration", "--kernel", "6.1-debug", "--module-source", "/w/vexfs-kernel", "--skip", "PublishVexctl", "--kernel-tree", "/src/linux"],
            KitStepJudge.StepCommandLine(options));
        Assert.Equal("6.1-debug+tree", options.ReportName);
        Assert.Equal("6.1", (options with { KernelTree = null, Series = "6.1" }).ReportName);
    }

    private static RunReport Report(FailureClass failureClass) => new(
        "6.1", "VmIntegration", "6.1.0", "tcg", "key", "mmdebstrap", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(20),
        Verdict.Failed, failureClass, "why", [], null, [], null, null, null);
}
