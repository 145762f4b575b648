using Vexfs.Lab.Fuzz;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Pipeline;
using Vexfs.Lab.Tests.Support;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.Fuzz;

/// <summary>
/// A few real cases in a real 6.1 guest. The module is built with the warn-on-mount fault, so every case whose
/// image still mounts makes the kernel warn whatever the module's hardening: the oracle must pin that warning
/// on the case, keep its reproducer and replace the tainted guest, and the run must still finish every case.
/// Needs root (host module build) and artifacts/vexctl/vexctl.
/// </summary>
[Trait("Category", "Vm")]
[Collection(SerialRuns.Name)]
public sealed class FuzzRunnerVmTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Cases_run_in_a_real_guest_and_a_warning_is_kept_as_a_reproducer()
    {
        var ct = TestContext.Current.CancellationToken;
        using var loggers = new TestOutputLoggerFactory(output);
        using var temp = new TempDirectory();
        var lab = new VmTestLab(loggers);
        var vexctl = lab.RequireVexctl();
        var launcher = lab.Launcher;
        var source = new ModuleInstallSettings(lab.ModuleSources, vexctl, "warn-on-mount") { ModuleBuild = ModuleBuildMode.Host };
        var fuzz = new FuzzOptions(4, 1, temp.Combine("artifacts")) { BatchSize = 2 };

        var summary = await new FuzzRunner(launcher, source, loggers).RunAsync(VmTestLab.Series(), fuzz, temp.Combine("run"), null, ct);
        output.WriteLine($"{summary.Outcomes.Count} cases, {summary.Failed} failed, {summary.GuestsReplaced} guests replaced, {summary.CasesPerMinute:F1} cases/min");

        Assert.Equal(["s1-c00000", "s1-c00001", "s1-c00002", "s1-c00003"], summary.Outcomes.Select(o => o.Case.Id).Order(StringComparer.Ordinal));
        Assert.All(summary.Outcomes, o => Assert.True(o.Output.Contains("walk ", StringComparison.Ordinal) || o.Output.Contains("mount refused", StringComparison.Ordinal), o.Output));
        var mounted = summary.Outcomes.Where(o => o.Output.Contains("walk ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(mounted);
        Assert.All(mounted, o =>
        {
            Assert.Equal(FuzzVerdict.Reported, o.Verdict);
            Assert.Contains(o.Findings, f => f.Class == FailureClass.Warning && f.Block.Contains("vexfs_fill_super", StringComparison.Ordinal));
            var stem = Path.Combine(fuzz.ReproducerDirectory, o.Case.Id);
            Assert.Equal(o.Case.Image, File.ReadAllBytes(stem + ".img"));
            Assert.Contains("WARNING:", File.ReadAllText(stem + ".log"), StringComparison.Ordinal);
            Assert.Contains("mount -t vexfs", File.ReadAllText(stem + ".sh"), StringComparison.Ordinal);
        });
        Assert.True(summary.GuestsReplaced >= 1, "a guest that warned is replaced");
        Assert.True(summary.CasesPerMinute > 0);
        Assert.Empty(LabProcesses.QemusMentioning(temp.Path));
    }
}
