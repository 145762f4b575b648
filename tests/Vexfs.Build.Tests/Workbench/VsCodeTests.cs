using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Vexfs.Build.Tests.Workbench;

/// <summary>
/// .vscode/tasks.json and launch.json do what they say: each task's command line runs through a shell (planned),
/// each debug entry's program starts with its arguments (the build's planned), and the problem matchers pick real diagnostics apart.
/// </summary>
public sealed class VsCodeTests
{
    // Recorded from a real `dotnet build` of build/_build.csproj in this repository.
    private const string RecordedCSharpError =
        "/work/wt/workbench/build/BuildWorkbench.cs(52,25): error CS1061: 'IAnsiConsole' does not contain a definition for 'WriteLine' "
        + "and no accessible extension method 'WriteLine' accepting a first argument of type 'IAnsiConsole' could be found "
        + "(are you missing a using directive or an assembly reference?) [/work/wt/workbench/build/_build.csproj]";

    [Fact]
    public void Every_target_task_is_the_bootstrap_with_its_target()
    {
        var shellTasks = Tasks().Where(t => (string?)t["type"] == "shell").ToList();

        Assert.All(LaunchProfileTests.MainProfiles.Take(5).Where(p => !p.Contains(' ', StringComparison.Ordinal)), p => Assert.Contains(shellTasks, t => (string?)t["label"] == p));
        var profiles = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "build", "Properties", "launchSettings.json")))!["profiles"]!.AsObject();
        Assert.All(shellTasks, t =>
        {
            Assert.Equal("./build.sh", (string?)t["command"]);
            // The task and the launch profile of a target pass the same arguments (--kernel included).
            Assert.Equal((string)profiles[(string)t["label"]!]!["commandLineArgs"]!, string.Join(' ', t["args"]!.AsArray().Select(a => (string)a!)));
        });
    }

    [Fact]
    public async Task Main_target_tasks_run_through_a_shell()
    {
        // Every task has the same shape (checked above) and every target plans in-process (LaunchProfileTests);
        // the main ones also run the way VS Code runs them, since each costs a build start.
        var shellTasks = Tasks().Where(t => (string?)t["type"] == "shell" && LaunchProfileTests.MainProfiles.Contains((string)t["label"]!)).ToList();
        Assert.NotEmpty(shellTasks);

        // One shell runs every task's command line with --plan and marks where each one ends.
        var script = string.Join('\n', shellTasks.Select(t =>
            $"echo '@@ {t["label"]}'; {t["command"]} {string.Join(' ', t["args"]!.AsArray().Select(a => Quote((string)a!)))} --plan; echo \"@@ exit $?\""));
        var run = await Repository.RunAsync("bash", ["-c", script]);

        var sections = run.StandardOutput.Split("@@ ", StringSplitOptions.RemoveEmptyEntries);
        foreach (var task in shellTasks)
        {
            var label = (string)task["label"]!;
            var index = Array.FindIndex(sections, s => s.StartsWith(label + "\n", StringComparison.Ordinal));
            Assert.True(index >= 0 && index + 1 < sections.Length, $"task {label} printed nothing: {run.StandardOutput}{run.StandardError}");
            Assert.True(sections[index + 1].Trim() == "exit 0", $"task {label} failed: {sections[index]}{run.StandardError}");
            Assert.Contains(label, Repository.PlannedTargets(sections[index]));
        }
    }

    [Fact]
    public async Task Debug_entries_start_their_programs_after_a_task_that_exists()
    {
        var labels = Tasks().Select(t => (string)t["label"]!).ToHashSet();
        // The .NET entries; the gdb entry attaches to a running VmShell (GdbEntryTests).
        var entries = Launch().Where(e => (string?)e["type"] == "coreclr").ToList();
        Assert.All(entries, e => Assert.Contains((string)e["preLaunchTask"]!, labels));
        Assert.Contains(entries, e => ((string)e["program"]!).EndsWith("/vexctl.dll", StringComparison.Ordinal));

        // vexctl and the main build profiles start for real (the build's planned); the others differ only in arguments.
        foreach (var entry in entries.Where(e => IsMain(e) || !IsBuildEntry(e)))
        {
            var program = ((string)entry["program"]!).Replace("${workspaceFolder}", Repository.Root, StringComparison.Ordinal);
            Assert.True(File.Exists(program), $"{entry["name"]}: {program} is not built; run './build.sh Compile' first");
            string[] arguments = [program, .. entry["args"]!.AsArray().Select(a => (string)a!), .. IsBuildEntry(entry) ? ["--plan"] : Array.Empty<string>()];

            var run = await Repository.RunAsync("dotnet", arguments);

            Assert.True(run.ExitCode == 0, $"{entry["name"]}: dotnet {string.Join(' ', arguments)} failed: {run.StandardOutput}{run.StandardError}");
        }

        static bool IsBuildEntry(JsonObject entry) => ((string)entry["program"]!).EndsWith("/_build.dll", StringComparison.Ordinal);

        static bool IsMain(JsonObject entry) =>
            IsBuildEntry(entry) && LaunchProfileTests.MainProfiles.Contains(((string)entry["name"]!)["Build: ".Length..]);
    }

    [Fact]
    public void CSharp_matcher_reads_a_recorded_MSBuild_error()
    {
        var match = Match("csharp", RecordedCSharpError, out var pattern);

        Assert.Equal("/work/wt/workbench/build/BuildWorkbench.cs", match.Groups[(int)pattern["file"]!].Value);
        Assert.Equal("52", match.Groups[(int)pattern["line"]!].Value);
        Assert.Equal("25", match.Groups[(int)pattern["column"]!].Value);
        Assert.Equal("error", match.Groups[(int)pattern["severity"]!].Value);
        Assert.Equal("CS1061", match.Groups[(int)pattern["code"]!].Value);
        Assert.EndsWith("assembly reference?)", match.Groups[(int)pattern["message"]!].Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gcc_matcher_reads_a_real_gcc_error()
    {
        var directory = Directory.CreateTempSubdirectory("vexfs-gcc-").FullName;
        try
        {
            var source = Path.Combine(directory, "broken.c");
            await File.WriteAllTextAsync(source, "int main(void)\n{\n    return undeclared;\n}\n", TestContext.Current.CancellationToken);
            var gcc = await Repository.RunAsync("gcc", ["-c", source, "-o", Path.Combine(directory, "broken.o")], directory);
            Assert.NotEqual(0, gcc.ExitCode);

            var line = gcc.StandardError.Split('\n').First(l => l.Contains(": error: ", StringComparison.Ordinal));
            var match = Match("gcc", line, out var pattern);

            Assert.Equal(source, match.Groups[(int)pattern["file"]!].Value);
            Assert.Equal("3", match.Groups[(int)pattern["line"]!].Value);
            Assert.Equal("12", match.Groups[(int)pattern["column"]!].Value);
            Assert.Equal("error", match.Groups[(int)pattern["severity"]!].Value);
            Assert.Contains("undeclared", match.Groups[(int)pattern["message"]!].Value, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Cppcheck_findings_name_files_from_the_workspace_root_and_the_gcc_matcher_reads_them()
    {
        // A repository-shaped folder with a real bug cppcheck reports, checked the way the Analyze target does.
        var root = Directory.CreateTempSubdirectory("vexfs-cppcheck-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "vexfs-kernel", "include"));
            await File.WriteAllTextAsync(Path.Combine(root, "vexfs-kernel", "bad.c"), "int f(void)\n{\n\tint a[2] = { 0, 0 };\n\treturn a[2];\n}\n", TestContext.Current.CancellationToken);

            var run = await Repository.RunAsync("cppcheck", VexfsBuild.KernelChecks.CppcheckArguments(["vexfs-kernel/bad.c"]), root);

            Assert.Equal(1, run.ExitCode);
            var line = (run.StandardOutput + run.StandardError).Split('\n').First(l => l.Contains("arrayIndexOutOfBounds", StringComparison.Ordinal));
            var (match, pattern, matcher) = MatchWith(line, m => (string?)m["source"] == "gcc");
            Assert.Equal("vexfs-kernel/bad.c", match.Groups[(int)pattern["file"]!].Value);
            Assert.True(File.Exists(Path.Combine(root, match.Groups[(int)pattern["file"]!].Value)));
            Assert.Equal("${workspaceFolder}", (string)matcher["fileLocation"]![1]!);
            Assert.Equal("4", match.Groups[(int)pattern["line"]!].Value);
            Assert.Equal("warning", match.Groups[(int)pattern["severity"]!].Value);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("/build/vexfs", "")]
    [InlineData("/build/vexfs", "make: ")]
    [InlineData("/root/vexfs", "  ")]
    [InlineData("/root/vexfs", "build failed: ")]
    public async Task Module_build_errors_in_the_chroot_or_the_guest_open_the_file_in_vexfs_kernel(string compiledIn, string prefix)
    {
        // A real gcc error for a module source, as the host build (chroot, /build/vexfs) or the guest build
        // (/root/vexfs) prints it: the temporary folder gcc saw here stands for that directory.
        var directory = Directory.CreateTempSubdirectory("vexfs-gcc-").FullName;
        try
        {
            var source = Path.Combine(directory, "main.c");
            await File.WriteAllTextAsync(source, "static int f(void)\n{\n\tint unused;\n\treturn 0;\n}\nint g(void) { return f(); }\n", TestContext.Current.CancellationToken);
            var gcc = await Repository.RunAsync("gcc", ["-Wall", "-Werror", "-c", "main.c", "-o", "main.o"], directory);
            var real = gcc.StandardError.Split('\n').First(l => l.Contains(": error: ", StringComparison.Ordinal));
            var line = prefix + real.Replace("main.c", compiledIn + "/main.c", StringComparison.Ordinal);

            var (match, pattern, matcher) = MatchWith(line, m => ((string)m["source"]!).EndsWith(compiledIn, StringComparison.Ordinal));

            Assert.Equal(["relative", "${workspaceFolder}/vexfs-kernel"], matcher["fileLocation"]!.AsArray().Select(n => (string)n!));
            Assert.Equal("main.c", match.Groups[(int)pattern["file"]!].Value);
            Assert.Equal("3", match.Groups[(int)pattern["line"]!].Value);
            Assert.Equal("error", match.Groups[(int)pattern["severity"]!].Value);
            Assert.Contains("unused", match.Groups[(int)pattern["message"]!].Value, StringComparison.Ordinal);
            var plain = CompileMatchers().Single(m => (string?)m["source"] == "gcc");
            Assert.False(Regex.IsMatch(line, (string)plain["pattern"]!["regexp"]!), "the plain gcc matcher would report it a second time, unclickable");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (Match Match, JsonObject Pattern, JsonObject Matcher) MatchWith(string line, Func<JsonObject, bool> which)
    {
        var matcher = CompileMatchers().Single(which);
        var pattern = matcher["pattern"]!.AsObject();
        var match = Regex.Match(line, (string)pattern["regexp"]!);
        Assert.True(match.Success, $"the {matcher["source"]} matcher does not match: {line}");
        return (match, pattern, matcher);
    }

    private static List<JsonObject> CompileMatchers() =>
        [.. Tasks().First(t => (string?)t["label"] == "Compile")["problemMatcher"]!.AsArray().Select(m => m!.AsObject())];

    private static Match Match(string owner, string line, out JsonObject pattern)
    {
        var matcher = Tasks().First(t => (string?)t["label"] == "Compile")["problemMatcher"]!.AsArray()
            .First(m => (string?)m!["owner"] == owner)!;
        pattern = matcher["pattern"]!.AsObject();
        var match = Regex.Match(line, (string)pattern["regexp"]!);
        Assert.True(match.Success, $"the {owner} matcher does not match: {line}");
        return match;
    }

    private static List<JsonObject> Tasks() => Read("tasks.json", "tasks");

    private static List<JsonObject> Launch() => Read("launch.json", "configurations");

    private static List<JsonObject> Read(string file, string array) =>
        [.. JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, ".vscode", file)))![array]!.AsArray().Select(n => n!.AsObject())];

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
