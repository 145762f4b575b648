using Microsoft.Extensions.Logging;
using Vexfs.Reports;

namespace VexfsBuild;

/// <summary>
/// One test project run with a filter and extra environment (the lab's VM tests, the report snapshots):
/// TRX under artifacts/test-results/, counts added to the tally, failure when any test failed.
/// </summary>
internal sealed class SelectedTestRun(DotNetCli dotnet, string rootDirectory, string artifactsDirectory, ILogger logger)
{
    public async Task<TestRunSummary> RunAsync(
        string project, string filter, IReadOnlyDictionary<string, string?> environment, string whatFailed, TestTally tally, CancellationToken ct)
    {
        var results = Path.Combine(artifactsDirectory, "test-results");
        Directory.CreateDirectory(results);
        var trx = Path.GetFileNameWithoutExtension(project) + "." + filter.Replace('=', '-').Replace('!', 'n') + ".trx";
        var run = await dotnet.TestAsync(Path.Combine(rootDirectory, project), results, trx, ct, filter, environment);
        var summary = await TrxReader.ReadAsync(Path.Combine(results, trx), ct);
        logger.LogInformation("{Filter}: {Passed} passed, {Failed} failed", filter, summary.Passed, summary.Failed);

        // Counted before failing the target: the closing line must show the failures too.
        tally.Add(summary);
        if (run.ExitCode != 0 || summary.Failed > 0)
        {
            throw new InvalidOperationException(whatFailed);
        }

        return summary;
    }
}
