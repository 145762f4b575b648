using System.Text.Json.Nodes;

namespace Vexfs.Targets.Workbench;

/// <summary>
/// <c>.vscode/tasks.json</c>: one shell task per target (the bootstrap script with the target), the builds the
/// debug entries need, and problem matchers for C# (MSBuild) and gcc diagnostics so errors are clickable.
/// The matchers are written out here, so they work without the C# or C/C++ extensions installed.
/// </summary>
internal static class VsCodeTasks
{
    /// <summary>MSBuild's "file(line,col): error CS0103: message [project]".</summary>
    public const string CSharpPattern = @"^\s*(.+?)\((\d+),(\d+)\): (error|warning) ([A-Z]+\d+): (.*?)(?: \[[^\]]+\])?$";

    /// <summary>gcc's (and Kbuild's, sparse's) "file:line:col: error: message".</summary>
    public const string GccPattern = @"^\s*(.+?):(\d+):(\d+):\s+(warning|error|fatal error|note):\s+(.*)$";

    public const string BuildLabelPrefix = "build: ";

    public static string Generate(IReadOnlyList<string> targets, IdeSettings settings)
    {
        var tasks = new JsonArray();
        foreach (var target in targets)
        {
            tasks.Add(new JsonObject
            {
                ["label"] = target,
                ["type"] = "shell",
                ["command"] = settings.Bootstrap,
                ["args"] = GeneratedJson.Strings([target]),
                ["group"] = target == "HostCheck" ? new JsonObject { ["kind"] = "build", ["isDefault"] = true } : "test",
                ["problemMatcher"] = Matchers(),
            });
        }

        foreach (var (label, project) in DotNetBuilds(settings))
        {
            tasks.Add(new JsonObject
            {
                ["label"] = label,
                ["type"] = "process",
                ["command"] = "dotnet",
                ["args"] = GeneratedJson.Strings(["build", project, "-nologo", "-clp:NoSummary"]),
                ["group"] = "build",
                ["problemMatcher"] = new JsonArray(CSharpMatcher()),
            });
        }

        return GeneratedJson.Format(new JsonObject { ["version"] = "2.0.0", ["tasks"] = tasks });
    }

    /// <summary>The label and project of each dotnet build a debug entry runs first.</summary>
    public static IEnumerable<(string Label, string Project)> DotNetBuilds(IdeSettings settings) =>
        new[] { (BuildLabelPrefix + Path.GetFileNameWithoutExtension(settings.BuildProject), settings.BuildProject) }
            .Concat(settings.Programs.Select(p => (BuildLabelPrefix + p.Name, p.Project)));

    private static JsonArray Matchers() => [CSharpMatcher(), GccMatcher()];

    private static JsonObject CSharpMatcher() => new()
    {
        ["owner"] = "csharp",
        ["source"] = "dotnet",
        ["fileLocation"] = new JsonArray("autoDetect", "${workspaceFolder}"),
        ["pattern"] = new JsonObject
        {
            ["regexp"] = CSharpPattern,
            ["file"] = 1,
            ["line"] = 2,
            ["column"] = 3,
            ["severity"] = 4,
            ["code"] = 5,
            ["message"] = 6,
        },
    };

    private static JsonObject GccMatcher() => new()
    {
        ["owner"] = "gcc",
        ["source"] = "gcc",
        ["fileLocation"] = new JsonArray("autoDetect", "${workspaceFolder}"),
        ["pattern"] = new JsonObject
        {
            ["regexp"] = GccPattern,
            ["file"] = 1,
            ["line"] = 2,
            ["column"] = 3,
            ["severity"] = 4,
            ["message"] = 5,
        },
    };
}
