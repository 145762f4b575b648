using Microsoft.Extensions.Logging;
using Vexfs.Lab.Kernel;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>
/// Runs VmIntegration for each kernel, <c>parallel</c> at a time (1: in turn; see <see cref="MatrixParallelism"/>
/// for the default), and writes the matrix summary beside the per-kernel reports. Side by side, each kernel's
/// lines start with [series].
/// </summary>
public sealed class MatrixRunner(IntegrationOptions options, GuestLauncher launcher, string accelerator, ILoggerFactory loggers)
{
    public async Task<MatrixResult> RunAsync(string name, IReadOnlyList<KernelSeries> series, CancellationToken ct, int parallel = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallel, 1);
        var logger = loggers.CreateLogger<MatrixRunner>();
        var side = parallel > 1 && series.Count > 1;
        using var slots = new SemaphoreSlim(parallel);
        var runs = series.Select(async kernel =>
        {
            await slots.WaitAsync(ct);
            try
            {
                ct.ThrowIfCancellationRequested();
                var kernelLoggers = side ? new KernelPrefixedLoggers(loggers, kernel.Name) : loggers;
                var runner = new VmIntegrationRunner(options, side ? launcher.WithLoggers(kernelLoggers) : launcher, accelerator, kernelLoggers);
                logger.LogInformation("kernel {Series} ({Suite}): VmIntegration", kernel.Name, kernel.Suite);
                var report = await runner.RunAsync(kernel, ct);
                logger.LogInformation(
                    "kernel {Series}: {Verdict}{Reason} — report in {Dir}",
                    kernel.Name, report.Verdict, report.FailureReason is null ? "" : $" ({report.FailureClass}: {report.FailureReason})", options.ReportDirectory(kernel.Name));
                return report;
            }
            finally
            {
                slots.Release();
            }
        }).ToList();

        // In the order asked for, whatever order they finished in.
        var reports = (await Task.WhenAll(runs)).ToList();
        var summary = MatrixSummary.FromReports(name, reports);
        await MatrixSummaryWriter.WriteAsync(summary, Path.Combine(options.ArtifactsDirectory, "reports"), ct);
        return new MatrixResult(summary, reports);
    }
}

/// <summary>The matrix summary and the full report of each kernel.</summary>
public sealed record MatrixResult(MatrixSummary Summary, IReadOnlyList<RunReport> Reports);
