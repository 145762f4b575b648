using Vexfs.Lab;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>The dotnet commands the host targets run, with the flags that keep them quiet and non-interactive.</summary>
internal sealed class DotNetCli(ToolRunner tools, string rootDirectory)
{
    // MSBuild worker nodes left alive would hold our output pipes open and stall the build's process reads.
    private static readonly Dictionary<string, string?> Environment = new()
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    public Task RestoreAsync(string solution, CancellationToken ct) =>
        RunAsync(ct, "restore", solution, "--nologo", "-v:minimal");

    public Task BuildAsync(string solution, CancellationToken ct) =>
        RunAsync(ct, "build", solution, "--no-restore", "--nologo", "-v:minimal", "-nodeReuse:false", "-p:TreatWarningsAsErrors=true");

    public Task VerifyFormatAsync(string solution, CancellationToken ct) =>
        RunAsync(ct, "format", solution, "--verify-no-changes", "--no-restore", "-v:minimal");

    public Task<ToolResult> TestAsync(
        string project, string resultsDirectory, string trxName, CancellationToken ct, string? filter = null, IReadOnlyDictionary<string, string?>? environment = null) =>
        tools.RunAsync(
            "dotnet",
            ["test", project, "--no-build", "--no-restore", "--nologo", "-v:minimal",
                "--logger", $"trx;LogFileName={trxName}", "--results-directory", resultsDirectory,
                .. filter is null ? Array.Empty<string>() : ["--filter", filter]],
            rootDirectory,
            ct,
            allowFailure: true,
            environment is null ? Environment : new Dictionary<string, string?>(Environment.Concat(environment)));

    /// <summary>NativeAOT publish of vexctl for linux-x64, the same command the integration tests' own guest runs.</summary>
    public Task PublishVexctlAsync(string artifactsDirectory, CancellationToken ct) =>
        RunAsync(ct, [.. KitDefaults.PublishVexctlArguments(rootDirectory, artifactsDirectory)]);

    /// <summary>Packs one project (a .NET tool) into <paramref name="output"/>.</summary>
    public Task PackAsync(string project, string output, CancellationToken ct) =>
        RunAsync(ct, "pack", project, "-c", "Release", "-o", output, "--nologo", "-v:minimal", "-nodeReuse:false");

    private Task<ToolResult> RunAsync(CancellationToken ct, params string[] arguments) =>
        tools.RunAsync("dotnet", arguments, rootDirectory, ct, environment: Environment);
}
