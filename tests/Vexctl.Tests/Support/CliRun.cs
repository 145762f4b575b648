using Vexctl.Cli;

namespace Vexctl.Tests.Support;

/// <summary>Runs vexctl's entry point in-process with captured output.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error);

internal static class CliRun
{
    public static async Task<CliResult> RunAsync(params string[] args) => await RunWithStdinAsync("", args);

    public static async Task<CliResult> RunWithStdinAsync(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var io = new CliIo(output, error, () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin)));
        var code = await Program.RunAsync(args, io, TestContext.Current.CancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public static IReadOnlyList<string> ParseErrors(params string[] args) =>
        Program.BuildRootCommand(new CliIo(TextWriter.Null, TextWriter.Null, () => Stream.Null))
            .Parse(args).Errors.Select(e => e.Message).ToList();
}
