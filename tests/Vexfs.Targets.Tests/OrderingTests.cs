namespace Vexfs.Targets.Tests;

public sealed class OrderingTests
{
    [Fact]
    public async Task Dependencies_run_first_and_triggered_targets_after()
    {
        using var harness = new BuildHarness();
        var build = new OrderBuild();

        var exit = await harness.RunAsync(build, x => x.Default);

        Assert.Equal(0, exit);
        Assert.Equal(["Restore", "Compile", "Test", "Report"], build.Ran);
    }

    [Fact]
    public async Task After_and_Before_order_targets_only_when_both_are_planned()
    {
        using var harness = new BuildHarness();
        var build = new OrderBuild();

        var exit = await harness.RunAsync(build, x => x.Default, "pack", "test", "clean");

        Assert.Equal(0, exit);
        Assert.Equal(["Clean", "Restore", "Compile", "Test", "Pack", "Report"], build.Ran);
    }

    [Fact]
    public async Task Named_targets_are_matched_case_insensitively_and_pull_only_their_dependencies()
    {
        using var harness = new BuildHarness();
        var build = new OrderBuild();

        await harness.RunAsync(build, x => x.Default, "COMPILE");

        Assert.Equal(["Restore", "Compile"], build.Ran);
    }

    [Fact]
    public async Task OnlyWhen_false_skips_the_target_and_reports_it()
    {
        using var harness = new BuildHarness();
        var build = new OrderBuild { CleanEnabled = false };

        var exit = await harness.RunAsync(build, x => x.Default, "Clean", "Restore");

        Assert.Equal(0, exit);
        Assert.Equal(["Restore"], build.Ran);
        Assert.Matches(@"Clean\s+│\s+Skipped", harness.Output);
    }

    [Fact]
    public async Task Skip_with_names_skips_those_targets()
    {
        using var harness = new BuildHarness();
        var build = new OrderBuild();

        var exit = await harness.RunAsync(build, x => x.Default, "Test", "--skip", "compile");

        Assert.Equal(0, exit);
        Assert.Equal(["Restore", "Test", "Report"], build.Ran);
        Assert.Matches(@"Compile\s+│\s+Skipped", harness.Output);
    }

    [Fact]
    public async Task Skip_alone_skips_everything_but_the_named_targets()
    {
        using var harness = new BuildHarness();
        var build = new OrderBuild();

        await harness.RunAsync(build, x => x.Default, "Test", "--skip");

        Assert.Equal(["Test"], build.Ran);
    }

    [Fact]
    public async Task Plan_prints_the_order_without_running_anything()
    {
        using var harness = new BuildHarness();
        var build = new OrderBuild();

        var exit = await harness.RunAsync(build, x => x.Default, "--plan", "--skip", "Restore");

        Assert.Equal(0, exit);
        Assert.Empty(build.Ran);
        var expected = string.Join(
            System.Environment.NewLine,
            "Execution plan:",
            "  1. Restore  (skipped)",
            "  2. Compile",
            "  3. Test",
            "  4. Default",
            "  5. Report",
            "");
        Assert.Equal(expected, harness.Output);
    }
}
