using Microsoft.Extensions.Logging;
using Vexfs.Reports;

namespace VexfsBuild;

/// <summary>
/// The UnitTests target: every tests/*/*.Tests.csproj except the VM integration suite, one TRX each under
/// artifacts/test-results/, then the aggregate counts read back from the TRX files.
/// </summary>
internal sealed class HostTests(DotNetCli dotnet, string rootDirectory, string artifactsDirectory, ILogger logger)
{
    private const string IntegrationProject = "Vexfs.Integration.Tests";

    /// <summary>Tests that boot a guest belong to the VM loop (the LabVmTests target), not to the host loop.</summary>
    public const string HostOnlyFilter = "Category!=Vm&Category!=VmSlow";

    public async Task RunAsync(TestTally tally, CancellationToken ct)
    {
        var results = Path.Combine(artifactsDirectory, "test-results");
        if (Directory.Exists(results))
        {
            Directory.Delete(results, recursive: true);
        }

        Directory.CreateDirectory(results);
        var projects = Directory.EnumerateFiles(Path.Combine(rootDirectory, "tests"), "*.Tests.csproj", SearchOption.AllDirectories)
            .Where(p => Path.GetFileNameWithoutExtension(p) != IntegrationProject)
            .Order(StringComparer.Ordinal)
            .ToList();
        var failedRuns = new List<string>();
        foreach (var project in projects)
        {
            var name = Path.GetFileNameWithoutExtension(project);
            var run = await dotnet.TestAsync(project, results, name + ".trx", ct, HostOnlyFilter);
            if (run.ExitCode != 0)
            {
                failedRuns.Add(name);
            }
        }

        var runs = new List<TestRunSummary>();
        foreach (var trx in Directory.EnumerateFiles(results, "*.trx").Order(StringComparer.Ordinal))
        {
            runs.Add(await TrxReader.ReadAsync(trx, ct));
        }

        foreach (var run in runs)
        {
            tally.Add(run);
        }

        var skippedCount = runs.Sum(r => r.Skipped);
        var skipped = skippedCount > 0 ? $", {skippedCount} skipped" : "";
        var summary = $"{runs.Sum(r => r.Passed)} passed, {runs.Sum(r => r.Failed)} failed{skipped}";
        if (logger.IsEnabled(LogLevel.Information))
        {
            // At the end of the target's output, named like the VM targets' counts, so it is not read as the
            // closing line the engine prints alone after the summary table.
            logger.LogInformation("unit tests: {Summary}", summary);
        }

        if (failedRuns.Count > 0)
        {
            throw new InvalidOperationException($"dotnet test failed for {string.Join(", ", failedRuns)}; see the output above.");
        }
    }
}
