using System.Diagnostics;
using CliWrap;
using Microsoft.Extensions.Logging;

namespace Vexfs.Targets;

/// <summary>The outcome of one external tool run.</summary>
public sealed record ToolResult(int ExitCode, TimeSpan Duration);

/// <summary>
/// Runs external tools through CliWrap: the command line and every output line go to the logger as they
/// arrive, cancellation kills the process, and a non-zero exit fails the target unless the caller opts out.
/// </summary>
public sealed class ToolRunner(ILogger<ToolRunner> logger)
{
    public async Task<ToolResult> RunAsync(
        string tool,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        CancellationToken cancellation,
        bool allowFailure = false,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("> {Tool} {Arguments}", tool, string.Join(' ', arguments.Select(Quote)));
        }

        var clock = Stopwatch.StartNew();
        var command = Cli.Wrap(tool)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(environment ?? new Dictionary<string, string?>())
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(WriteLine))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(WriteLine));
        var result = await command.ExecuteAsync(cancellation);
        if (result.ExitCode != 0 && !allowFailure)
        {
            throw new ToolFailedException($"{tool} {(arguments.Count > 0 ? arguments[0] : "")} exited with code {result.ExitCode}.");
        }

        return new ToolResult(result.ExitCode, clock.Elapsed);
    }

    private void WriteLine(string line)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("{Line}", line);
        }
    }

    /// <summary>The full path of an executable on PATH, or null (for "tool not installed, skipping" notes).</summary>
    public static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);

    private static string Quote(string argument) =>
        argument.Length == 0 || argument.Any(char.IsWhiteSpace) ? $"\"{argument}\"" : argument;
}

/// <summary>An external tool exited with a non-zero code.</summary>
public sealed class ToolFailedException(string message) : Exception(message);
