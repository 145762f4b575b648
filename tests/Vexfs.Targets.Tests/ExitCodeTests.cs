namespace Vexfs.Targets.Tests;

public sealed class ExitCodeTests
{
    [Fact]
    public async Task A_failure_that_asks_for_125_exits_125_and_still_prints_the_summary()
    {
        using var harness = new BuildHarness();

        var exit = await harness.RunAsync(new UnjudgedBuild(), x => x.Judge);

        Assert.Equal(125, exit);
        Assert.Matches(@"Judge\s+│\s+Failed\s+│.*│\s+the guest did not boot", harness.Output);
    }

    [Fact]
    public void An_exit_code_outside_1_to_255_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InvalidOperationException("x").WithExitCode(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InvalidOperationException("x").WithExitCode(256));
    }

    /// <summary>A build whose one target fails as the kit (not the code under test) failing.</summary>
    private sealed class UnjudgedBuild : TargetBuild
    {
        public string Reason { get; } = "the guest did not boot";

        public Target Judge => _ => _.Executes(() => throw new InvalidOperationException(Reason).WithExitCode(125));
    }
}
