using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Vexfs.Lab.Kernel;
using Vexfs.Targets;

namespace Vexfs.Build.Tests.Workbench;

/// <summary>
/// The launch profiles and Rider configurations run what they say: every profile's arguments plan in-process,
/// and the IDE path itself (Rider's configuration → <c>dotnet run --launch-profile</c>) runs for the main ones,
/// planned through NUKE_PLAN because a profile's arguments cannot be extended.
/// </summary>
public sealed class LaunchProfileTests
{
    /// <summary>The profiles a developer reaches for; Benchmark joins when its target exists.</summary>
    public static readonly string[] MainProfiles = ["HostCheck", "VmIntegration", "VmIntegration (all kernels)", "VmShell", "FaultMatrix", "Benchmark"];

    public static TheoryData<string> RiderFiles => [.. Directory.GetFiles(Path.Combine(Repository.Root, ".run"), "*.run.xml").Select(f => Path.GetFileName(f)).Order()];

    [Fact]
    public void Every_listed_target_and_the_main_profiles_have_a_launch_profile()
    {
        var profiles = Profiles();
        var listed = BuildModel.Create(new VexfsBuild.Build()).Targets.Where(t => !t.Definition.IsUnlisted).Select(t => t.Name);

        Assert.All(listed, t => Assert.Contains(t, profiles.Keys));
        Assert.All(MainProfiles.Take(5), p => Assert.Contains(p, profiles.Keys));
        Assert.Equal("VmIntegration --kernel " + string.Join(',', KernelCatalog.Default.Stock.Select(s => s.Name)), profiles["VmIntegration (all kernels)"]);
        Assert.Equal("VmIntegration --kernel " + KernelCatalog.Default.All[0].Name, profiles["VmIntegration"]);
    }

    [Fact]
    public async Task Every_profile_plans_its_target_and_names_known_kernels()
    {
        foreach (var (name, commandLine) in Profiles())
        {
            var arguments = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            using var output = new StringWriter();
            var exit = await BuildRunner.ExecuteAsync(new VexfsBuild.Build(), [.. arguments, "--plan"], DefaultTarget(), new BuildRunSettings
            {
                Output = output,
                Environment = new Dictionary<string, string>(),
                RootDirectory = Repository.Root,
                UpdateSchema = false,
                HandleSignals = false,
            }, TestContext.Current.CancellationToken);

            Assert.True(exit == 0, $"profile {name} ({commandLine}) does not plan: {output}");
            Assert.Contains(arguments[0], Repository.PlannedTargets(output.ToString()));
            var kernel = Array.IndexOf(arguments, "--kernel");
            if (kernel >= 0)
            {
                Assert.NotEmpty(KernelCatalog.Default.ResolveAll([arguments[kernel + 1]]));
            }
        }
    }

    [Theory]
    [MemberData(nameof(RiderFiles))]
    public async Task Rider_configuration_names_a_launch_profile_that_runs(string fileName)
    {
        var configuration = XDocument.Load(Path.Combine(Repository.Root, ".run", fileName)).Root!.Element("configuration")!;
        string Option(string name) => configuration.Elements("option").Single(o => (string?)o.Attribute("name") == name).Attribute("value")!.Value;
        var project = Option("LAUNCH_PROFILE_PROJECT_FILE_PATH").Replace("$PROJECT_DIR$", Repository.Root, StringComparison.Ordinal);
        var profile = Option("LAUNCH_PROFILE_NAME");

        Assert.Equal("LaunchSettings", (string?)configuration.Attribute("type"));
        Assert.True(File.Exists(project), $"{fileName} names {project}, which does not exist");
        Assert.True(Directory.Exists(Path.Combine(Path.GetDirectoryName(project)!, "bin", "Debug", Option("LAUNCH_PROFILE_TFM"))), $"{fileName}: no build output for its target framework");
        Assert.Contains(profile, Profiles().Keys);
        if (!MainProfiles.Contains(profile))
        {
            return; // the other profiles' arguments are planned in-process above; dotnet run costs seconds each
        }

        var run = await Repository.RunAsync(
            "dotnet",
            ["run", "--no-build", "--project", project, "--launch-profile", profile],
            environment: new Dictionary<string, string?> { ["NUKE_PLAN"] = "1" });

        Assert.True(run.ExitCode == 0, $"dotnet run --launch-profile '{profile}' failed: {run.StandardOutput}{run.StandardError}");
        Assert.Contains(Profiles()[profile].Split(' ')[0], Repository.PlannedTargets(run.StandardOutput));
    }

    [Fact]
    public async Task Dotnet_run_without_a_profile_runs_the_default_target()
    {
        var project = Path.Combine(Repository.Root, "build", "_build.csproj");

        var run = await Repository.RunAsync(
            "dotnet",
            ["run", "--no-build", "--project", project],
            environment: new Dictionary<string, string?> { ["NUKE_PLAN"] = "1" });
        var plain = await Repository.RunAsync(
            "dotnet", [Path.Combine(Repository.Root, "build", "bin", "Debug", "net10.0", "_build.dll"), "--plan"]);

        Assert.True(run.ExitCode == 0, $"dotnet run --project build failed: {run.StandardOutput}{run.StandardError}");
        Assert.Equal(Repository.PlannedTargets(plain.StandardOutput), Repository.PlannedTargets(run.StandardOutput));
        Assert.Equal("HostCheck", Repository.PlannedTargets(run.StandardOutput)[^1]);
    }

    // Build's targets are private, as NUKE's are: the default-target expression is made by reflection.
    private static Expression<Func<VexfsBuild.Build, Target>> DefaultTarget()
    {
        var build = Expression.Parameter(typeof(VexfsBuild.Build), "x");
        var property = typeof(VexfsBuild.Build).GetProperty("HostCheck", BindingFlags.Instance | BindingFlags.NonPublic)!;
        return Expression.Lambda<Func<VexfsBuild.Build, Target>>(Expression.Property(build, property), build);
    }

    private static Dictionary<string, string> Profiles()
    {
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "build", "Properties", "launchSettings.json")))!;
        return settings["profiles"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!["commandLineArgs"]!);
    }
}
