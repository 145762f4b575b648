using CliWrap;
using CliWrap.Buffered;

namespace Vexfs.Targets.Tests.Workbench;

/// <summary>The repository these tests run in, and real processes started in it.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

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

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VexFS.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("VexFS.slnx not found above " + AppContext.BaseDirectory);
    }
}
