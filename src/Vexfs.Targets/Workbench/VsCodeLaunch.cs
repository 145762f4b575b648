using System.Text.Json.Nodes;

namespace Vexfs.Targets.Workbench;

/// <summary>
/// <c>.vscode/launch.json</c>: debug the build itself on each run profile (the build assembly with the profile's
/// arguments, from the repository root), and each extra program such as vexctl; each entry builds first.
/// </summary>
internal static class VsCodeLaunch
{
    public static string Generate(IEnumerable<RunProfile> profiles, IdeSettings settings)
    {
        var configurations = new JsonArray();
        var buildTask = VsCodeTasks.DotNetBuilds(settings).First().Label;
        foreach (var profile in profiles)
        {
            configurations.Add(Entry("Build: " + profile.Name, settings.BuildAssembly, profile.Arguments, buildTask));
        }

        foreach (var program in settings.Programs)
        {
            configurations.Add(Entry("Debug " + program.Name, program.Assembly, program.Arguments, VsCodeTasks.BuildLabelPrefix + program.Name));
        }

        foreach (var gdb in settings.GdbEntries)
        {
            configurations.Add(GdbEntry(gdb));
        }

        return GeneratedJson.Format(new JsonObject { ["version"] = "0.2.0", ["configurations"] = configurations });
    }

    // customLaunchSetupCommands replace cppdbg's own launch (it loads no program and starts nothing): the script
    // connects to the stub and adds the symbols; launchCompleteCommand None leaves the target as gdb found it.
    private static JsonObject GdbEntry(GdbScriptEntry entry) => new()
    {
        ["name"] = entry.Name,
        ["type"] = "cppdbg",
        ["request"] = "launch",
        ["program"] = "${workspaceFolder}/" + entry.Program,
        ["cwd"] = "${workspaceFolder}",
        ["MIMode"] = "gdb",
        ["miDebuggerPath"] = "gdb",
        ["customLaunchSetupCommands"] = new JsonArray(new JsonObject { ["text"] = "source ${workspaceFolder}/" + entry.Script }),
        ["launchCompleteCommand"] = "None",
    };

    private static JsonObject Entry(string name, string assembly, IReadOnlyList<string> arguments, string preLaunchTask) => new()
    {
        ["name"] = name,
        ["type"] = "coreclr",
        ["request"] = "launch",
        ["preLaunchTask"] = preLaunchTask,
        ["program"] = "${workspaceFolder}/" + assembly,
        ["args"] = GeneratedJson.Strings(arguments),
        ["cwd"] = "${workspaceFolder}",
        ["console"] = "integratedTerminal",
        ["stopAtEntry"] = false,
    };
}
