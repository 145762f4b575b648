using System.Text.Json.Nodes;

namespace Vexfs.Targets.Workbench;

/// <summary>
/// <c>.vscode/tasks.json</c>: one shell task per target (the bootstrap script with the target and the arguments its
/// launch profile passes, so a task and a profile of one target run the same thing), the builds the
/// debug entries need, and problem matchers for C# (MSBuild) and gcc diagnostics so errors are clickable.
/// The matchers are written out here, so they work without the C# or C/C++ extensions installed.
/// </summary>
internal static class VsCodeTasks
{
    /// <summary>MSBuild's "file(line,col): error CS0103: message [project]".</summary>
    public const string CSharpPattern = @"^\s*(.+?)\((\d+),(\d+)\): (error|warning) ([A-Z]+\d+): (.*?)(?: \[[^\]]+\])?$";

    /// <summary>
    /// gcc's (and Kbuild's, sparse's, cppcheck's as the build formats it) "file:line:col: error: message", after
    /// any prefix a log puts before it ("make: ", indentation): the file is the last word before the position.
    /// </summary>
    public const string GccPattern = @"^(?:.*\s)?([^\s:]+):(\d+):(\d+):\s+(warning|error|fatal error|note):\s+(.*)$";

    /// <summary>The same diagnostic for a file under a mapped directory; group 1 is the path below it.</summary>
    public static string MappedGccPattern(string directory) =>
        $@"^(?:.*\s)?{System.Text.RegularExpressions.Regex.Escape(directory.TrimEnd('/'))}/([^\s:]+):(\d+):(\d+):\s+(warning|error|fatal error|note):\s+(.*)$";

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
                ["args"] = GeneratedJson.Strings([target, .. settings.UsualArguments.GetValueOrDefault(target, [])]),
                ["group"] = target == "HostCheck" ? new JsonObject { ["kind"] = "build", ["isDefault"] = true } : "test",
                ["problemMatcher"] = Matchers(settings),
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

    private static JsonArray Matchers(IdeSettings settings) =>
        [CSharpMatcher(), GccMatcher(settings), .. settings.SourceMaps.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => MappedMatcher(m.Key, m.Value))];

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

    // The plain matcher leaves the mapped directories to their own matchers (one problem per message, not two).
    private static JsonObject GccMatcher(IdeSettings settings) => new()
    {
        ["owner"] = "gcc",
        ["source"] = "gcc",
        ["fileLocation"] = new JsonArray("autoDetect", "${workspaceFolder}"),
        ["pattern"] = new JsonObject
        {
            ["regexp"] = settings.SourceMaps.Count == 0
                ? GccPattern
                : "^(?!.*(?:" + string.Join('|', settings.SourceMaps.Keys.Order(StringComparer.Ordinal).Select(k => System.Text.RegularExpressions.Regex.Escape(k.TrimEnd('/')) + "/")) + "))" + GccPattern[1..],
            ["file"] = 1,
            ["line"] = 2,
            ["column"] = 3,
            ["severity"] = 4,
            ["message"] = 5,
        },
    };

    private static JsonObject MappedMatcher(string directory, string workspaceDirectory) => new()
    {
        ["owner"] = "gcc",
        ["source"] = "gcc " + directory,
        ["fileLocation"] = new JsonArray("relative", "${workspaceFolder}/" + workspaceDirectory.Trim('/')),
        ["pattern"] = new JsonObject
        {
            ["regexp"] = MappedGccPattern(directory),
            ["file"] = 1,
            ["line"] = 2,
            ["column"] = 3,
            ["severity"] = 4,
            ["message"] = 5,
        },
    };
}
