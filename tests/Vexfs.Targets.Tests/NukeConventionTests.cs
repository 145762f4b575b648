namespace Vexfs.Targets.Tests;

/// <summary>NUKE's command-line conventions: names without case or dashes, --root, --profile, --continue.</summary>
public sealed class NukeConventionTests
{
    [Theory]
    [InlineData("vm-integration")]
    [InlineData("VM-INTEGRATION")]
    [InlineData("vmintegration")]
    [InlineData("VmIntegration")]
    public async Task Target_names_ignore_dashes_and_case(string name)
    {
        using var harness = new BuildHarness();
        var build = new ConventionBuild();

        Assert.Equal(0, await harness.RunAsync(build, x => x.HostCheck, name));

        Assert.Equal(["VmIntegration"], build.Ran);
    }

    [Theory]
    [InlineData("host-check")]
    [InlineData("HOSTCHECK")]
    [InlineData("HostCheck")]
    public async Task Skip_takes_the_same_spellings(string name)
    {
        using var harness = new BuildHarness();
        var build = new ConventionBuild();

        Assert.Equal(0, await harness.RunAsync(build, x => x.HostCheck, "test", "--skip", name));

        Assert.Equal(["VmIntegration"], build.Ran);
        Assert.Matches(@"HostCheck\s+│\s+Skipped", harness.Output);
    }

    [Theory]
    [InlineData("--VmMemory", "512")]
    [InlineData("--vmmemory", "512")]
    [InlineData("--VM_MEMORY", "512")]
    [InlineData("--vm-memory=512", null)]
    [InlineData("--VmMemory=512", null)]
    public async Task Parameter_names_ignore_dashes_and_case(string option, string? value)
    {
        using var harness = new BuildHarness();
        var build = new ConventionBuild();
        string[] args = value is null ? ["host-check", option] : ["host-check", option, value];

        Assert.Equal(0, await harness.RunAsync(build, x => x.HostCheck, args));

        Assert.Equal(512, build.VmMemory);
    }

    [Fact]
    public async Task A_misspelt_dashed_target_still_gets_a_suggestion()
    {
        using var harness = new BuildHarness();

        var exit = await harness.RunAsync(new ConventionBuild(), x => x.HostCheck, "vm-integraton");

        Assert.Equal(BuildRunner.UsageError, exit);
        Assert.Contains("Unknown target 'vm-integraton'. Did you mean 'VmIntegration'?", harness.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profiles_override_parameters_json_in_turn_and_name_their_file_in_errors()
    {
        using var harness = new BuildHarness("""{ "VmMemory": 1024 }""");
        File.WriteAllText(Path.Combine(harness.Root, ".nuke", "parameters.big.json"), """{ "VmMemory": 4096 }""");
        File.WriteAllText(Path.Combine(harness.Root, ".nuke", "parameters.huge.json"), """{ "vm-memory": 8192 }""");
        File.WriteAllText(Path.Combine(harness.Root, ".nuke", "parameters.bad.json"), """{ "VmMemroy": 1 }""");

        var plain = new ConventionBuild();
        await harness.RunAsync(plain, x => x.HostCheck);
        var big = new ConventionBuild();
        await harness.RunAsync(big, x => x.HostCheck, "--profile", "big");
        var both = new ConventionBuild();
        await harness.RunAsync(both, x => x.HostCheck, "--Profile", "big", "huge");
        var bad = await harness.RunAsync(new ConventionBuild(), x => x.HostCheck, "--profile", "bad");
        var badOutput = harness.Output;
        var missing = await harness.RunAsync(new ConventionBuild(), x => x.HostCheck, "--profile", "nope");

        Assert.Equal(1024, plain.VmMemory);
        Assert.Equal(4096, big.VmMemory);
        Assert.Equal(8192, both.VmMemory);
        Assert.Equal(BuildRunner.UsageError, bad);
        Assert.Contains(".nuke/parameters.bad.json sets 'VmMemroy', which is not a parameter of this build (did you mean 'VmMemory'?)", badOutput, StringComparison.Ordinal);
        Assert.Equal(BuildRunner.UsageError, missing);
        Assert.Contains("--profile nope: there is no .nuke/parameters.nope.json. Known profiles: bad, big, huge.", harness.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_names_the_repository_whose_parameters_and_paths_the_build_uses()
    {
        using var harness = new BuildHarness("""{ "VmMemory": 1024 }""");
        using var other = new BuildHarness("""{ "VmMemory": 3072 }""");
        var build = new ConventionBuild();

        Assert.Equal(0, await harness.RunAsync(build, x => x.HostCheck, "--root", other.Root));
        var missing = await harness.RunAsync(new ConventionBuild(), x => x.HostCheck, "--root", Path.Combine(other.Root, "nope"));

        Assert.Equal(3072, build.VmMemory);
        Assert.Equal(other.Root, build.SeenRoot);
        Assert.Equal(BuildRunner.UsageError, missing);
        Assert.Contains("no such directory", harness.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continue_runs_what_does_not_depend_on_the_failure()
    {
        using var harness = new BuildHarness();
        var stopping = new ConventionBuild();
        var continuing = new ConventionBuild();

        var stopped = await harness.RunAsync(stopping, x => x.All);
        var continued = await harness.RunAsync(continuing, x => x.All, "--continue");

        Assert.Equal(BuildRunner.TargetFailed, stopped);
        Assert.Empty(stopping.Ran);
        Assert.Equal(BuildRunner.TargetFailed, continued);
        Assert.Equal(["Independent"], continuing.Ran);
        Assert.Matches(@"Broken\s+│\s+Failed", harness.Output);
        Assert.Matches(@"NeedsBroken\s+│\s+NotRun", harness.Output);
        Assert.Matches(@"Independent\s+│\s+Succeeded", harness.Output);
        Assert.Matches(@"All\s+│\s+NotRun", harness.Output);
    }

    [Fact]
    public async Task Continue_does_not_run_a_target_triggered_by_a_failed_one()
    {
        using var harness = new BuildHarness();
        var build = new ConventionBuild();

        var exit = await harness.RunAsync(build, x => x.AfterBroken, "--continue");

        Assert.Equal(BuildRunner.TargetFailed, exit);
        Assert.Empty(build.Ran);
        Assert.Matches(@"TriggeredByBroken\s+│\s+NotRun", harness.Output);
    }

    [Fact]
    public void Schema_lists_the_engine_options()
    {
        var schema = SchemaGenerator.Generate(BuildModel.Create(new ConventionBuild()));

        Assert.Matches(@"""Continue"": \{\s+""type"": ""boolean""", schema);
        Assert.Matches(@"""Profile"": \{\s+""type"": ""array""", schema);
        Assert.Matches(@"""Root"": \{\s+""type"": ""string""", schema);
    }
}
