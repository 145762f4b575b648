using System.CommandLine;
using Vexctl.Cli;
using Vexctl.Commands;

namespace Vexctl;

/// <summary>Root command wiring, parse-error and exception to exit-code mapping.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, CliIo.FromConsole(), CancellationToken.None);

    public static RootCommand BuildRootCommand(CliIo io) =>
        new("vexctl: control VexFS, the filesystem that keeps a vector with each file and searches them in the kernel")
        {
            StatusCommand.Create(io),
            MkfsCommand.Create(io),
            VecCommand.Create(io),
            SearchCommand.Create(io),
            BenchCommand.Create(io),
            MountCommands.CreateMount(),
            MountCommands.CreateUmount(),
            ServeCommand.Create(io, RunAsync),
        };

    public static async Task<int> RunAsync(string[] args, CliIo io, CancellationToken cancellationToken)
    {
        var parse = BuildRootCommand(io).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await io.Error.WriteLineAsync($"vexctl: {error.Message}");
            }

            await io.Error.WriteLineAsync("Run 'vexctl --help' or 'vexctl COMMAND --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            var config = new InvocationConfiguration { Output = io.Out, Error = io.Error, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(config, cancellationToken);
        }
        catch (VexctlException e)
        {
            await io.Error.WriteLineAsync($"vexctl: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await io.Error.WriteLineAsync("vexctl: cancelled");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await io.Error.WriteLineAsync($"vexctl: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
