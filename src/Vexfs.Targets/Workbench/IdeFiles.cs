namespace Vexfs.Targets.Workbench;

/// <summary>
/// The IDE files made from a build's target graph: <c>Properties/launchSettings.json</c> beside the build
/// project (Rider, Visual Studio, <c>dotnet run --launch-profile</c>), <c>.run/*.run.xml</c> (Rider),
/// <c>.vscode/tasks.json</c> and <c>.vscode/launch.json</c>. Every listed target gets a profile and a task,
/// so a new target appears in each IDE once the generator runs again.
/// </summary>
public static class IdeFiles
{
    public const string RunDirectory = ".run";

    public const string RunPattern = "*.run.xml";

    public static IReadOnlyList<GeneratedFile> Generate(TargetBuild build, IdeSettings settings)
    {
        var targets = ListedTargets(build);
        var profiles = Profiles(targets, settings);
        var files = new List<GeneratedFile>
        {
            new($"{settings.BuildProjectDirectory}/Properties/launchSettings.json", LaunchSettings.Generate(profiles)),
            new(".vscode/tasks.json", VsCodeTasks.Generate(targets, settings)),
            new(".vscode/launch.json", VsCodeLaunch.Generate(profiles, settings)),
        };
        files.AddRange(profiles.Select(p => new GeneratedFile($"{RunDirectory}/{p.FileName}.run.xml", RiderRunConfiguration.Generate(p, settings))));
        return files;
    }

    /// <summary>
    /// One profile per listed target with its usual arguments (the default target's first), then the extra
    /// profiles whose target exists.
    /// </summary>
    public static IReadOnlyList<RunProfile> Profiles(TargetBuild build, IdeSettings settings) => Profiles(ListedTargets(build), settings);

    private static List<RunProfile> Profiles(IReadOnlyList<string> targets, IdeSettings settings)
    {
        var profiles = targets
            .OrderBy(t => t == settings.DefaultTarget ? 0 : 1)
            .Select(t => new RunProfile(t, [t, .. settings.UsualArguments.GetValueOrDefault(t, [])]))
            .ToList();
        profiles.AddRange(settings.ExtraProfiles.Where(p => targets.Contains(p.Target, StringComparer.Ordinal)));
        var duplicate = profiles.GroupBy(p => p.FileName, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? profiles
            : throw new BuildDefinitionException($"Two IDE run profiles are both named '{duplicate.Key}'; give the extra profile another name.");
    }

    private static IReadOnlyList<string> ListedTargets(TargetBuild build) =>
        [.. BuildModel.Create(build).Targets.Where(t => !t.Definition.IsUnlisted).Select(t => t.Name)];
}
