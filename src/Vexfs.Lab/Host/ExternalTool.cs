using System.Diagnostics;
using System.Text;
using CliWrap;
using Microsoft.Extensions.Logging;

namespace Vexfs.Lab.Host;

/// <summary>Runs a host tool through CliWrap, streaming its output to the log and failing with its output tail.</summary>
internal sealed class ExternalTool(ILogger logger)
{
    private const int TailLines = 30;

    public async Task<string> RunAsync(
        string executable,
        IReadOnlyList<string> arguments,
        CancellationToken ct,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? failureHint = null)
    {
        var stdout = new StringBuilder();
        var tail = new Queue<string>();
        void Keep(string line)
        {
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > TailLines)
                {
                    tail.Dequeue();
                }
            }
        }

        var name = Path.GetFileName(executable);
        var command = Cli.Wrap(executable)
            .WithArguments(arguments)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line =>
            {
                stdout.AppendLine(line);
                Keep(line);
                logger.LogDebug("{Tool}: {Line}", name, line);
            }))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line =>
            {
                Keep(line);
                logger.LogDebug("{Tool}! {Line}", name, line);
            }));
        if (workingDirectory is not null)
        {
            command = command.WithWorkingDirectory(workingDirectory);
        }

        if (environment is not null)
        {
            command = command.WithEnvironmentVariables(environment);
        }

        logger.LogDebug("running {Command}", Describe(executable, arguments));
        var watch = Stopwatch.StartNew();
        var result = await command.ExecuteAsync(ct);
        logger.LogDebug("{Tool} exited {Code} after {Seconds:F1} s", name, result.ExitCode, watch.Elapsed.TotalSeconds);
        if (result.ExitCode != 0)
        {
            string output;
            lock (tail)
            {
                output = string.Join(Environment.NewLine, tail);
            }

            throw new LabException(
                $"{name} failed with exit code {result.ExitCode}: {Describe(executable, arguments)}{Environment.NewLine}{output}",
                failureHint);
        }

        return stdout.ToString();
    }

    internal static string Describe(string executable, IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Prepend(executable).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
}
