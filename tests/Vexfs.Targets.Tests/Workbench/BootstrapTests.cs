namespace Vexfs.Targets.Tests.Workbench;

/// <summary>
/// The three bootstrap scripts do one thing: build.ps1 (run by real PowerShell, npm-free: NuGet's PowerShell
/// global tool) builds build/ in a copy of the repository's build inputs, build.sh and build.cmd then reuse that
/// build (one stamp), and all three run NUKE's dashed names to the same plan.
/// </summary>
public sealed class BootstrapTests
{
    private const string PowerShellVersion = "7.6.9";

    [Fact]
    public async Task Build_ps1_build_sh_and_build_cmd_share_one_build_and_plan_alike()
    {
        var temp = Directory.CreateTempSubdirectory("vexfs-bootstrap-").FullName;
        try
        {
            var tools = Path.Combine(temp, "tools");
            var install = await Repository.RunAsync("dotnet", ["tool", "install", "PowerShell", "--version", PowerShellVersion, "--tool-path", tools]);
            Assert.True(install.ExitCode == 0, "dotnet tool install PowerShell failed: " + install.StandardOutput + install.StandardError);
            var copy = Path.Combine(temp, "repo");
            CopyBuildInputs(copy);
            string[] arguments = ["--plan", "vm-integration", "--skip", "publish-vexctl"];

            var ps1 = await Repository.RunAsync(Path.Combine(tools, "pwsh"), ["-NoProfile", "-File", Path.Combine(copy, "build.ps1"), .. arguments], copy);
            var sh = await Repository.RunAsync(Path.Combine(copy, "build.sh"), arguments, Path.Combine(copy, "docs"));
            // A shell runs build.cmd as a script (no shebang: cmd.exe must read its first lines as labels).
            var cmd = await Repository.RunAsync("sh", [Path.Combine(copy, "build.cmd"), .. arguments], copy);

            string[] expected = ["Restore", "PublishVexctl", "VmIntegration"];
            Assert.True(ps1.ExitCode == 0, "build.ps1 failed: " + ps1.StandardOutput + ps1.StandardError);
            Assert.Equal(expected, Repository.PlannedTargets(ps1.StandardOutput));
            Assert.True(File.Exists(Path.Combine(copy, "build", "bin", "Debug", "net10.0", "_build.dll")), "build.ps1 did not build build/");
            Assert.True(sh.ExitCode == 0, "build.sh failed: " + sh.StandardOutput + sh.StandardError);
            Assert.Equal(sh.StandardOutput, cmd.StandardOutput);
            Assert.Equal(expected, Repository.PlannedTargets(sh.StandardOutput));
            Assert.Contains("PublishVexctl  (skipped)", sh.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("Build succeeded", sh.StandardOutput + cmd.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    // What the bootstrap builds from and the build reads for a plan; bin/ and obj/ stay behind so it really builds.
    private static void CopyBuildInputs(string destination)
    {
        string[] files = ["build.sh", "build.cmd", "build.ps1", "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig", "VexFS.slnx"];
        string[] directories = [".nuke", "build", "src", "docs", "vexfs-kernel"];
        Directory.CreateDirectory(destination);
        foreach (var file in files)
        {
            File.Copy(Path.Combine(Repository.Root, file), Path.Combine(destination, file));
        }

        foreach (var directory in directories)
        {
            CopyTree(Path.Combine(Repository.Root, directory), Path.Combine(destination, directory));
        }

        var temp = Path.Combine(destination, ".nuke", "temp");
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            if (entry.Name is "bin" or "obj" || entry.LinkTarget is not null)
            {
                continue;
            }

            var target = Path.Combine(destination, entry.Name);
            if (entry is DirectoryInfo)
            {
                CopyTree(entry.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }
}
