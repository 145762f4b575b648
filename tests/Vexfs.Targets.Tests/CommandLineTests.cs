namespace Vexfs.Targets.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public async Task Unknown_target_lists_the_known_ones_and_suggests_the_closest()
    {
        using var harness = new BuildHarness();

        var exit = await harness.RunAsync(new OrderBuild(), x => x.Default, "Compil");

        Assert.Equal(BuildRunner.UsageError, exit);
        Assert.Contains("Unknown target 'Compil'. Did you mean 'Compile'? Known targets: Clean, Compile, Default, Pack, Report, Restore, Test.", harness.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_parameter_is_a_usage_error()
    {
        using var harness = new BuildHarness();
        var build = new ParameterBuild();

        var exit = await harness.RunAsync(build, x => x.Show, "--vm-memroy", "512");

        Assert.Equal(BuildRunner.UsageError, exit);
        Assert.Contains("Unknown parameter '--vm-memroy'. Did you mean '--vm-memory'?", harness.Output, StringComparison.Ordinal);
        Assert.False(build.Shown);
    }

    [Fact]
    public async Task Unknown_target_in_skip_is_a_usage_error()
    {
        using var harness = new BuildHarness();

        var exit = await harness.RunAsync(new OrderBuild(), x => x.Default, "--skip", "Nope");

        Assert.Equal(BuildRunner.UsageError, exit);
        Assert.Contains("Unknown target 'Nope'.", harness.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_targets_with_dependencies_and_parameters_with_types_values_and_defaults()
    {
        using var harness = new BuildHarness("""{ "VmMemory": 1024 }""");

        var exit = await harness.RunAsync(new ParameterBuild(), x => x.Show, "--help");

        Assert.Equal(0, exit);
        Assert.Matches(@"\* Show", harness.Output);
        Assert.Matches(@"Deploy\s+\(depends on: Show\)", harness.Output);
        Assert.Matches(@"--vm-memory <int>\s+Memory in MiB\. Expected an integer from 256 to 65536\. Default: 1024 from \.nuke/parameters\.json\. Env: VM_MEMORY\.", harness.Output);
        Assert.Matches(@"--flavour <plain\|extra-spicy>\s+A flavour\. Default: plain\.", harness.Output);
        Assert.Matches(@"--kernel <string\[,\.\.\.\]>\s+Kernel series\. Default: 6\.1\.", harness.Output);
    }
}
