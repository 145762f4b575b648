using Microsoft.Extensions.Logging;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>
/// Runs VmIntegration for each kernel in turn (two TCG guests on two cores are slower together than
/// apart) and writes the matrix summary beside the per-kernel reports.
/// </summary>
public sealed class MatrixRunner(IntegrationOptions options, GuestLauncher launcher, string accelerator, ILoggerFactory loggers)
{
    public async Task<MatrixResult> RunAsync(string name, IReadOnlyList<KernelSeries> series, CancellationToken ct)
    {
        var logger = loggers.CreateLogger<MatrixRunner>();
        var runner = new VmIntegrationRunner(options, launcher, accelerator, loggers);
        var reports = new List<RunReport>();
        foreach (var kernel in series)
        {
            ct.ThrowIfCancellationRequested();
            logger.LogInformation("kernel {Series} ({Suite}): VmIntegration", kernel.Name, kernel.Suite);
            var report = await runner.RunAsync(kernel, ct);
            reports.Add(report);
            logger.LogInformation(
                "kernel {Series}: {Verdict}{Reason} — report in {Dir}",
                kernel.Name, report.Verdict, report.FailureReason is null ? "" : $" ({report.FailureClass}: {report.FailureReason})", options.ReportDirectory(kernel.Name));
        }

        var summary = MatrixSummary.FromReports(name, reports);
        await MatrixSummaryWriter.WriteAsync(summary, Path.Combine(options.ArtifactsDirectory, "reports"), ct);
        return new MatrixResult(summary, reports);
    }
}

/// <summary>The matrix summary and the full report of each kernel.</summary>
public sealed record MatrixResult(MatrixSummary Summary, IReadOnlyList<RunReport> Reports);
