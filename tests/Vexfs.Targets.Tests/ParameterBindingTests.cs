namespace Vexfs.Targets.Tests;

public sealed class ParameterBindingTests
{
    private const string Json = """{ "$schema": "./build.schema.json", "VmMemory": 1024, "Kernel": ["6.12", "latest"] }""";

    [Fact]
    public async Task Initializer_is_the_default_without_any_source()
    {
        using var harness = new BuildHarness();
        var build = new ParameterBuild();

        Assert.Equal(0, await harness.RunAsync(build, x => x.Show));

        Assert.Equal(2048, build.VmMemory);
        Assert.Equal(["6.1"], build.Kernel);
        Assert.True(build.Shown);
    }

    [Fact]
    public async Task Parameters_json_overrides_the_initializer()
    {
        using var harness = new BuildHarness(Json);
        var build = new ParameterBuild();

        await harness.RunAsync(build, x => x.Show);

        Assert.Equal(1024, build.VmMemory);
        Assert.Equal(["6.12", "latest"], build.Kernel);
    }

    [Theory]
    [InlineData("VM_MEMORY")]
    [InlineData("VmMemory")]
    [InlineData("NUKE_VM_MEMORY")]
    public async Task Environment_overrides_parameters_json(string variable)
    {
        using var harness = new BuildHarness(Json);
        harness.Environment[variable] = "4096";
        var build = new ParameterBuild();

        await harness.RunAsync(build, x => x.Show);

        Assert.Equal(4096, build.VmMemory);
    }

    [Fact]
    public async Task Argument_overrides_environment_and_parameters_json()
    {
        using var harness = new BuildHarness(Json);
        harness.Environment["VM_MEMORY"] = "4096";
        var build = new ParameterBuild();

        await harness.RunAsync(build, x => x.Show, "--vm-memory", "8192");

        Assert.Equal(8192, build.VmMemory);
    }

    [Theory]
    [InlineData("6.1,6.12")]
    [InlineData("6.1 6.12")]
    [InlineData("6.1, 6.12")]
    public async Task Arrays_bind_from_separated_and_repeated_values(string values)
    {
        using var harness = new BuildHarness();
        var build = new ParameterBuild();

        string[] args = ["Show", "--kernel", .. values.Split(' ')];
        Assert.Equal(0, await harness.RunAsync(build, x => x.Show, args));

        Assert.Equal(["6.1", "6.12"], build.Kernel);
    }

    [Fact]
    public async Task Enums_bool_and_seconds_bind_from_their_spellings()
    {
        using var harness = new BuildHarness();
        harness.Environment["TIMEOUT"] = "90";
        var build = new ParameterBuild();

        await harness.RunAsync(build, x => x.Show, "--flavour", "extra-spicy", "--keep-vm");

        Assert.Equal(Flavour.ExtraSpicy, build.Flavour);
        Assert.True(build.KeepVm);
        Assert.Equal(TimeSpan.FromSeconds(90), build.Timeout);
    }

    [Theory]
    [InlineData("--vm-memory", "abc", "Invalid value 'abc' for --vm-memory: expected an integer from 256 to 65536.")]
    [InlineData("--vm-memory", "100", "Invalid value '100' for --vm-memory: expected an integer from 256 to 65536.")]
    [InlineData("--flavour", "mild", "Invalid value 'mild' for --flavour: expected one of plain, extra-spicy.")]
    public async Task Bad_values_are_usage_errors_naming_parameter_value_and_expectation(string option, string value, string message)
    {
        using var harness = new BuildHarness();
        var build = new ParameterBuild();

        var exit = await harness.RunAsync(build, x => x.Show, option, value);

        Assert.Equal(BuildRunner.UsageError, exit);
        Assert.Contains(message, harness.Output, StringComparison.Ordinal);
        Assert.False(build.Shown);
    }

    [Fact]
    public async Task Bad_environment_value_names_its_variable()
    {
        using var harness = new BuildHarness();
        harness.Environment["VM_MEMORY"] = "lots";

        var exit = await harness.RunAsync(new ParameterBuild(), x => x.Show);

        Assert.Equal(BuildRunner.UsageError, exit);
        Assert.Contains("Invalid value 'lots' for --vm-memory", harness.Output, StringComparison.Ordinal);
        Assert.Contains("(from environment variable VM_MEMORY)", harness.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_key_in_parameters_json_is_an_error_with_a_suggestion()
    {
        using var harness = new BuildHarness("""{ "VmMemroy": 1024 }""");

        var exit = await harness.RunAsync(new ParameterBuild(), x => x.Show);

        Assert.Equal(BuildRunner.UsageError, exit);
        Assert.Contains("'VmMemroy', which is not a parameter of this build (did you mean 'VmMemory'?)", harness.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requires_fails_before_any_target_runs_when_the_parameter_is_unset()
    {
        using var harness = new BuildHarness();
        var build = new ParameterBuild();

        var exit = await harness.RunAsync(build, x => x.Deploy);

        Assert.Equal(BuildRunner.UsageError, exit);
        Assert.False(build.Shown);
        Assert.Contains("Target Deploy requires Token: set --token", harness.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requires_is_satisfied_by_any_source()
    {
        using var harness = new BuildHarness();
        harness.Environment["TOKEN"] = "secret";
        var build = new ParameterBuild();

        Assert.Equal(0, await harness.RunAsync(build, x => x.Deploy));

        Assert.True(build.Deployed);
    }
}
