namespace Vexfs.Targets.Tests.Workbench;

/// <summary>
/// The repository's `nuke` command as a user gets it: packed by the PackNuke target into artifacts/packages,
/// installed with `dotnet tool install --tool-path --add-source`, run from a subfolder of the repository.
/// </summary>
public sealed class NukeToolTests
{
    [Fact]
    public async Task Installed_nuke_plans_HostCheck_from_a_subfolder_and_completes_from_the_schema()
    {
        var temp = Directory.CreateTempSubdirectory("vexfs-nuke-").FullName;
        try
        {
            var pack = await Repository.RunAsync(
                "dotnet", [Path.Combine(Repository.Root, "build", "bin", "Debug", "net10.0", "_build.dll"), "PackNuke", "--skip"]);
            Assert.True(pack.ExitCode == 0, "PackNuke failed: " + pack.StandardOutput + pack.StandardError);

            // A private package folder: an earlier pack of the same version in ~/.nuget/packages would be reused.
            var tools = Path.Combine(temp, "tools");
            var install = await Repository.RunAsync(
                "dotnet",
                ["tool", "install", "Vexfs.Nuke", "--tool-path", tools, "--add-source", Path.Combine(Repository.Root, "artifacts", "packages")],
                environment: new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(temp, "nuget") });
            Assert.True(install.ExitCode == 0, "dotnet tool install failed: " + install.StandardOutput + install.StandardError);
            var nuke = Path.Combine(tools, "nuke");

            var plan = await Repository.RunAsync(nuke, ["--plan", "HostCheck"], Path.Combine(Repository.Root, "vexfs-kernel"));
            Assert.True(plan.ExitCode == 0, "nuke --plan HostCheck failed: " + plan.StandardOutput + plan.StandardError);
            Assert.Equal(["Restore", "Compile", "Analyze", "UnitTests", "HostCheck"], Repository.PlannedTargets(plan.StandardOutput));

            var targets = await Repository.RunAsync(nuke, ["--complete", "Vm", ""], Path.Combine(Repository.Root, "docs"));
            Assert.Equal(["VmIntegration", "VmShell"], Lines(targets.StandardOutput));
            var dashed = await Repository.RunAsync(nuke, ["--complete", "vm", ""]);
            Assert.Equal(["vm-integration", "vm-shell"], Lines(dashed.StandardOutput));
            var skip = await Repository.RunAsync(nuke, ["--complete", "host", "--skip"]);
            Assert.Equal(["host-check"], Lines(skip.StandardOutput));
            var profiles = await Repository.RunAsync(nuke, ["--complete", "", "--profile"]);
            Assert.Equal(ProfileNames(), Lines(profiles.StandardOutput));
            var engine = await Repository.RunAsync(nuke, ["--complete", "--pro", ""]);
            Assert.Equal(["--profile"], Lines(engine.StandardOutput));
            var dashedRun = await Repository.RunAsync(nuke, ["--plan", "host-check", "--skip", "analyze"]);
            Assert.True(dashedRun.ExitCode == 0, "nuke --plan host-check failed: " + dashedRun.StandardOutput + dashedRun.StandardError);
            Assert.Contains("Analyze  (skipped)", dashedRun.StandardOutput, StringComparison.Ordinal);
            var accel = await Repository.RunAsync(nuke, ["--complete", "", "--accel"]);
            Assert.Equal(["auto", "kvm", "tcg"], Lines(accel.StandardOutput));
            var options = await Repository.RunAsync(nuke, ["--complete", "--vm", "VmShell"]);
            Assert.Equal(["--vm-cpus", "--vm-memory"], Lines(options.StandardOutput));

            var outside = await Repository.RunAsync(nuke, ["HostCheck"], temp);
            Assert.Equal(2, outside.ExitCode);
            Assert.Contains("no .nuke/ folder", outside.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static string[] ProfileNames() =>
        [.. Directory.GetFiles(Path.Combine(Repository.Root, ".nuke"), "parameters.*.json")
            .Select(f => Path.GetFileName(f)["parameters.".Length..^".json".Length]).Order(StringComparer.Ordinal)];

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
