namespace Vexfs.Targets.Tests;

public sealed class ExecutionTests
{
    [Fact]
    public async Task A_failure_stops_the_run_marks_the_rest_NotRun_and_exits_1()
    {
        using var harness = new BuildHarness();
        var build = new FailingBuild();

        var exit = await harness.RunAsync(build, x => x.All);

        Assert.Equal(BuildRunner.TargetFailed, exit);
        Assert.Equal(["First"], build.Ran);
        Assert.Contains("error: Broken failed: disk on fire", harness.Output, StringComparison.Ordinal);
        Assert.Matches(@"First\s+│\s+Succeeded", harness.Output);
        Assert.Matches(@"Broken\s+│\s+Failed\s+│.*│\s+disk on fire", harness.Output);
        Assert.Matches(@"Last\s+│\s+NotRun", harness.Output);
        Assert.Matches(@"All\s+│\s+NotRun", harness.Output);
        Assert.Contains("Total", harness.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_reaches_the_running_target_prints_the_summary_and_exits_130()
    {
        using var harness = new BuildHarness();
        var build = new WaitingBuild();
        using var cancel = new CancellationTokenSource();

        var run = harness.RunAsync(build, x => x.After, cancel.Token);
        await build.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await cancel.CancelAsync();
        var exit = await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(BuildRunner.Cancelled, exit);
        Assert.True(build.SawCancellation);
        Assert.False(build.AfterRan);
        Assert.Matches(@"Wait\s+│\s+Failed\s+│.*cancelled", harness.Output);
        Assert.Matches(@"After\s+│\s+NotRun", harness.Output);
    }

    [Fact]
    public async Task A_cycle_is_an_error_that_names_it()
    {
        using var harness = new BuildHarness();

        var exit = await harness.RunAsync(new CyclicBuild(), x => x.C);

        Assert.Equal(BuildRunner.TargetFailed, exit);
        Assert.Contains("The targets form a cycle: ", harness.Output, StringComparison.Ordinal);
        Assert.Matches(@"cycle: (A -> C -> B -> A|B -> A -> C -> B|C -> B -> A -> C)", harness.Output);
    }

    [Fact]
    public async Task A_target_with_unchanged_inputs_is_UpToDate_the_second_time()
    {
        using var harness = new BuildHarness();
        var input = await WriteInputAsync(harness);

        var first = new StampedBuild();
        await harness.RunAsync(first, x => x.Work);
        var second = new StampedBuild();
        await harness.RunAsync(second, x => x.Work);
        var secondOutput = harness.Output;
        await File.WriteAllTextAsync(input, "two", TestContext.Current.CancellationToken);
        var third = new StampedBuild();
        await harness.RunAsync(third, x => x.Work);

        Assert.Equal(1, first.Runs);
        Assert.Equal(0, second.Runs);
        Assert.Matches(@"Work\s+│\s+UpToDate", secondOutput);
        Assert.Equal(1, third.Runs);
        Assert.True(File.Exists(Path.Combine(harness.Root, "artifacts", ".stamps", "Work.stamp")));
    }

    [Fact]
    public async Task A_target_whose_output_was_deleted_runs_again_though_its_inputs_are_unchanged()
    {
        using var harness = new BuildHarness();
        await WriteInputAsync(harness);

        var first = new StampedBuild();
        await harness.RunAsync(first, x => x.Make);
        var second = new StampedBuild();
        await harness.RunAsync(second, x => x.Make);
        File.Delete(Path.Combine(harness.Root, StampedBuild.Product));
        var third = new StampedBuild();
        await harness.RunAsync(third, x => x.Make);

        Assert.Equal((1, 0, 1), (first.Runs, second.Runs, third.Runs));
        Assert.True(File.Exists(Path.Combine(harness.Root, StampedBuild.Product)));
    }

    /// <summary>The one input file the stamped targets read, src/a.txt.</summary>
    private static async Task<string> WriteInputAsync(BuildHarness harness)
    {
        var input = Path.Combine(harness.Root, "src", "a.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        await File.WriteAllTextAsync(input, "one", TestContext.Current.CancellationToken);
        return input;
    }
}

/// <summary>A build whose one target declares inputs.</summary>
internal sealed class StampedBuild : TargetBuild
{
    public const string Product = "out/product.bin";

    public int Runs { get; private set; }

    public Target Work => _ => _.Inputs("src/**/*.txt").Executes(() => Runs++);

    public Target Make => _ => _.Inputs("src/**/*.txt").Outputs(Product).Executes(() =>
    {
        Runs++;
        var path = Path.Combine(RootDirectory, Product);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "made");
    });
}
