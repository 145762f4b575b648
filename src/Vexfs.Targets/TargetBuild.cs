using System.Linq.Expressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace Vexfs.Targets;

/// <summary>
/// Base of a build class (NUKE's <c>NukeBuild</c>): targets are its <see cref="Target"/> properties, parameters
/// its <see cref="ParameterAttribute"/> members. The engine sets the context below before any target runs.
/// </summary>
public abstract class TargetBuild
{
    /// <summary>The repository root: the directory holding <c>.nuke/</c> (or <c>--root</c>).</summary>
    public string RootDirectory { get; internal set; } = Directory.GetCurrentDirectory();

    /// <summary><c>RootDirectory/artifacts</c>: outputs, reports, logs and input stamps (git-ignored).</summary>
    public string ArtifactsDirectory => Path.Combine(RootDirectory, "artifacts");

    /// <summary>Logging for targets and the helpers they create (<c>LoggerFactory.CreateLogger&lt;T&gt;()</c>).</summary>
    public ILoggerFactory LoggerFactory { get; internal set; } = NullLoggerFactory.Instance;

    /// <summary>The terminal, for progress displays and tables.</summary>
    public IAnsiConsole Console { get; internal set; } = AnsiConsole.Console;

    /// <summary>A logger named after the build class.</summary>
    public ILogger Logger => LoggerFactory.CreateLogger(GetType().Name);

    /// <summary>
    /// Printed alone after the summary table when not null: the place for a closing line such as the test
    /// counts, which CI reads as the last line of the output.
    /// </summary>
    public virtual string? ClosingLine => null;

    /// <summary>Parses the arguments, binds parameters, plans and runs the targets; returns the exit code.</summary>
    protected static Task<int> Execute<T>(string[] args, Expression<Func<T, Target>> defaultTarget)
        where T : TargetBuild, new() =>
        BuildRunner.ExecuteAsync(args, defaultTarget);
}
