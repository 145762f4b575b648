using System.Linq.Expressions;

namespace Vexfs.Targets.Tests;

/// <summary>Runs a test build in a throwaway root with a controlled environment and captures everything it prints.</summary>
internal sealed class BuildHarness : IDisposable
{
    public BuildHarness(string? parametersJson = null)
    {
        Root = Directory.CreateTempSubdirectory("vexfs-targets-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, ".nuke"));
        if (parametersJson is not null)
        {
            File.WriteAllText(Path.Combine(Root, ".nuke", "parameters.json"), parametersJson);
        }
    }

    public string Root { get; }

    public Dictionary<string, string> Environment { get; } = [];

    public string Output { get; private set; } = "";

    public async Task<int> RunAsync<T>(T build, Expression<Func<T, Target>> defaultTarget, params string[] args)
        where T : TargetBuild =>
        await RunAsync(build, defaultTarget, CancellationToken.None, args);

    public async Task<int> RunAsync<T>(T build, Expression<Func<T, Target>> defaultTarget, CancellationToken cancellation, params string[] args)
        where T : TargetBuild
    {
        using var writer = new StringWriter();
        var settings = new BuildRunSettings
        {
            Output = TextWriter.Synchronized(writer),
            Environment = Environment,
            RootDirectory = Root,
            UpdateSchema = false,
            HandleSignals = false,
        };
        var exitCode = await BuildRunner.ExecuteAsync(build, args, defaultTarget, settings, cancellation);
        Output = writer.ToString();
        return exitCode;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
