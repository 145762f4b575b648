namespace Vexfs.Targets.Workbench;

/// <summary>
/// What the IDE files need beyond the target graph: where the build project and its assembly are, the bootstrap
/// script, the arguments a target is usually run with, extra profiles and other programs to debug.
/// Paths are relative to the repository root, with forward slashes.
/// </summary>
public sealed record IdeSettings(
    string BuildProject,
    string BuildAssembly,
    string Bootstrap,
    IReadOnlyDictionary<string, IReadOnlyList<string>> UsualArguments,
    IReadOnlyList<RunProfile> ExtraProfiles,
    IReadOnlyList<DebugProgram> Programs)
{
    /// <summary>
    /// The build's default target: its profile comes first, because <c>dotnet run --project build</c> without
    /// <c>--launch-profile</c> runs the first one.
    /// </summary>
    public string? DefaultTarget { get; init; }

    /// <summary>The folder of the build project (where <c>Properties/launchSettings.json</c> lives).</summary>
    public string BuildProjectDirectory => Path.GetDirectoryName(BuildProject)!.Replace('\\', '/');
}

/// <summary>A .NET program of the repository to debug from VS Code: its project, its built assembly, sample arguments.</summary>
public sealed record DebugProgram(string Name, string Project, string Assembly, IReadOnlyList<string> Arguments);
