using CliWrap;
using Microsoft.Extensions.Logging;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>Runs the xUnit integration suite on the host against an already booted guest.</summary>
public sealed class SuiteRunner(ILogger<SuiteRunner> logger)
{
    public const string GuestAttachedVariable = "VEXFS_GUEST_ATTACHED";

    public async Task<TestRunSummary> RunAsync(
        string project, GuestEndpoint endpoint, string series, string resultsDirectory, TimeSpan timeout, CancellationToken ct)
    {
        var env = new Dictionary<string, string?>
        {
            [GuestAttachedVariable] = "1",
            ["VEXFS_KERNEL_SERIES"] = series,
            // MSBuild nodes left alive would keep the output pipes open and stall this run.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        endpoint.ExportTo(env);
        Directory.CreateDirectory(resultsDirectory);
        var trx = Path.Combine(resultsDirectory, "integration.trx");
        File.Delete(trx);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var result = await Cli.Wrap("dotnet")
            .WithArguments(["test", project, "--filter", "Category!=ReportSnapshot", "--logger", "trx;LogFileName=integration.trx", "--results-directory", resultsDirectory])
            .WithEnvironmentVariables(env)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => logger.LogInformation("suite: {Line}", line)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => logger.LogWarning("suite: {Line}", line)))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(deadline.Token);

        if (!File.Exists(trx))
        {
            throw new PhaseFailedException(FailureClass.Infrastructure, $"the integration suite wrote no results (dotnet test exit {result.ExitCode}); see the log above");
        }

        var summary = await TrxReader.ReadAsync(trx, ct);
        if (summary.Failed > 0)
        {
            var failed = summary.Tests.Where(t => t.Status == PhaseStatus.Failed).ToList();
            var dataLoss = failed.Any(t => t.Name.Contains("Persist", StringComparison.OrdinalIgnoreCase));
            throw new SuiteFailedException(
                summary,
                dataLoss ? FailureClass.DataLoss : FailureClass.Test,
                $"{summary.Failed} of {summary.Total} integration tests failed: {string.Join(", ", failed.Select(t => t.Name).Take(5))}");
        }

        return summary;
    }
}

/// <summary>The suite ran and some tests failed: the report still gets every result.</summary>
public sealed class SuiteFailedException(TestRunSummary summary, FailureClass failureClass, string message) : Exception(message)
{
    public TestRunSummary Summary { get; } = summary;

    public FailureClass FailureClass { get; } = failureClass;
}
