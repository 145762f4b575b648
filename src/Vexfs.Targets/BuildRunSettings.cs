using Microsoft.Extensions.Logging;

namespace Vexfs.Targets;

/// <summary>How a run is hosted; the defaults are the real terminal, process environment and repository.</summary>
public sealed record BuildRunSettings
{
    /// <summary>Where help, plans, logs and the summary go; null means the process's console.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>The environment variables parameters may come from; null means the process's.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>The repository root; null means the nearest directory upwards holding <c>.nuke/</c>.</summary>
    public string? RootDirectory { get; init; }

    /// <summary>Rewrite <c>.nuke/build.schema.json</c> when it differs from the build (as NUKE does).</summary>
    public bool UpdateSchema { get; init; } = true;

    /// <summary>Cancel the run on Ctrl-C (SIGINT) and SIGTERM.</summary>
    public bool HandleSignals { get; init; } = true;

    /// <summary>Creates the logger factory targets use; null means <see cref="ConsoleLoggerProvider"/> on the output.</summary>
    public Func<LogLevel, ILoggerFactory>? LoggerFactory { get; init; }
}
