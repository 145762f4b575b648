namespace Vexfs.Targets.Workbench;

/// <summary>
/// One way of running the build from an IDE: a name shown in the IDE's run list and the build's arguments
/// (the first is the target). Launch profiles, Rider configurations and VS Code debug entries are made from it.
/// </summary>
public sealed record RunProfile(string Name, IReadOnlyList<string> Arguments)
{
    public string Target => Arguments[0];

    /// <summary>The arguments as one command line (the launch profile's <c>commandLineArgs</c>).</summary>
    public string CommandLine => string.Join(' ', Arguments);

    /// <summary>The name made safe for a file name (Rider's <c>.run/&lt;name&gt;.run.xml</c>).</summary>
    public string FileName => string.Concat(Name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_'));
}
