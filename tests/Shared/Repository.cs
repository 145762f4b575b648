using CliWrap;
using CliWrap.Buffered;

namespace Vexfs.Tests;

/// <summary>The repository these tests run in, and real processes started in it.</summary>
internal static class Repository
{
    public static string Root { get; } = RepoRoot.Find();

    public static async Task<BufferedCommandResult> RunAsync(
        string program, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        return await Cli.Wrap(program)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory ?? Root)
            .WithEnvironmentVariables(new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
            {
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["MSBUILDDISABLENODEREUSE"] = "1",
            })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(timeout.Token);
    }

    /// <summary>The targets a plan lists, in order.</summary>
    public static IReadOnlyList<string> PlannedTargets(string output) =>
        [.. output.Split('\n')
            .SkipWhile(l => !l.StartsWith("Execution plan:", StringComparison.Ordinal))
            .Skip(1)
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\s+\d+\. (\w+)"))
            .TakeWhile(m => m.Success)
            .Select(m => m.Groups[1].Value)];

}
