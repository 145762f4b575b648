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

        return GeneratedJson.Format(new JsonObject { ["version"] = "0.2.0", ["configurations"] = configurations });
    }

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
