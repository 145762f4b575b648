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

    /// <summary>
    /// Directories sources are compiled in elsewhere (a chroot, a guest) → the workspace folder holding the same
    /// files: compiler messages naming them get a matcher that opens the workspace file.
    /// </summary>
    public IReadOnlyDictionary<string, string> SourceMaps { get; init; } = new Dictionary<string, string>();

    /// <summary>VS Code entries that attach gdb to a remote stub with a script a target writes (VmShell --gdb).</summary>
    public IReadOnlyList<GdbScriptEntry> GdbEntries { get; init; } = [];

    /// <summary>The folder of the build project (where <c>Properties/launchSettings.json</c> lives).</summary>
    public string BuildProjectDirectory => Path.GetDirectoryName(BuildProject)!.Replace('\\', '/');
}

/// <summary>A .NET program of the repository to debug from VS Code: its project, its built assembly, sample arguments.</summary>
public sealed record DebugProgram(string Name, string Project, string Assembly, IReadOnlyList<string> Arguments);

/// <summary>
/// A VS Code debug entry (cppdbg, gdb) that sources <paramref name="Script"/> instead of launching a program: the
/// script attaches (<c>target remote</c>) and loads symbols. <paramref name="Program"/> only has to exist.
/// </summary>
public sealed record GdbScriptEntry(string Name, string Script, string Program);
