using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.Pipeline;
using Vexfs.Reports;

namespace Vexfs.Lab.Faults;

/// <summary>
/// Runs VmIntegration once per fault with the fault compiled into the module and checks that the kit
/// caught it: failed verdict, the expected class, the expected phase failed, within the deadline. On a debug
/// kernel each debug-only fault also runs on <c>stock</c>, the suite's own kernel, to show what it says.
/// </summary>
public sealed class FaultMatrixRunner(IntegrationOptions baseOptions, GuestLauncher launcher, string accelerator, ILoggerFactory loggers)
{
    public async Task<IReadOnlyList<FaultOutcome>> RunAsync(IReadOnlyList<FaultCase> faults, KernelSeries series, CancellationToken ct, KernelSeries? stock = null)
    {
        var logger = loggers.CreateLogger<FaultMatrixRunner>();
        var outcomes = new List<FaultOutcome>();
        foreach (var fault in faults)
        {
            ct.ThrowIfCancellationRequested();
            logger.LogInformation("fault {Fault} ({What}): expecting class {Class}, phase {Phase} failed", fault.Name, fault.What, fault.Class, fault.Phase);
            var options = baseOptions with
            {
                InjectFault = fault.Name,
                RunSuite = false,
                BenchVectors = 0,
                ArtifactsDirectory = Path.Combine(baseOptions.ArtifactsDirectory, "faults", fault.Name),
            };
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(fault.Deadline);
            var clock = Stopwatch.StartNew();
            var report = await new VmIntegrationRunner(options, launcher, accelerator, loggers).RunAsync(series, deadline.Token);
            var outcome = Judge(fault, report, clock.Elapsed);
            if (fault.DebugOnly && stock is not null && series.Build is not null)
            {
                var stockOptions = options with { ArtifactsDirectory = Path.Combine(baseOptions.ArtifactsDirectory, "faults", fault.Name, "stock") };
                using var stockDeadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                stockDeadline.CancelAfter(fault.Deadline);
                var stockReport = await new VmIntegrationRunner(stockOptions, launcher, accelerator, loggers).RunAsync(stock, stockDeadline.Token);
                outcome = outcome with { Stock = StockSays(stockReport) };
                logger.LogInformation("fault {Fault} on stock {Series}: {Says}", fault.Name, stock.Name, outcome.Stock);
            }

            outcomes.Add(outcome);
            logger.LogInformation("fault {Fault}: {Verdict} — {Detail}", fault.Name, outcome.Caught ? "caught" : "MISSED", outcome.Detail);
        }

        return outcomes;
    }

    /// <summary>"passed: not seen" or "Bug in log-scan": the stock kernel's verdict on a debug-only fault.</summary>
    public static string StockSays(RunReport report) => report.Verdict == Verdict.Passed
        ? "passed: not seen"
        : $"{report.FailureClass} in {report.Phases.FirstOrDefault(p => p.Status == PhaseStatus.Failed)?.Name ?? "no phase"}";

    public static FaultOutcome Judge(FaultCase fault, RunReport report, TimeSpan elapsed)
    {
        var problems = new List<string>();
        if (report.Verdict != Verdict.Failed)
        {
            problems.Add("the run passed");
        }

        if (report.FailureClass != fault.Class)
        {
            problems.Add($"class {report.FailureClass}, expected {fault.Class}");
        }

        var phase = report.Phases.FirstOrDefault(p => p.Name == fault.Phase);
        if (phase?.Status != PhaseStatus.Failed)
        {
            problems.Add($"phase {fault.Phase} {(phase is null ? "did not run" : phase.Status.ToString().ToLowerInvariant())}, expected failed");
        }

        if (elapsed > fault.Deadline)
        {
            problems.Add($"took {elapsed.TotalSeconds:F0} s, deadline {fault.DeadlineSeconds} s");
        }

        var detail = problems.Count == 0 ? $"{report.FailureClass} in {fault.Phase}: {report.FailureReason}" : string.Join("; ", problems);
        return new FaultOutcome(fault, report.FailureClass, report.Phases.FirstOrDefault(p => p.Status == PhaseStatus.Failed)?.Name, elapsed, problems.Count == 0, detail);
    }
}

/// <summary>What one fault run reported and whether that is what the catalogue expects.</summary>
/// <param name="Stock">For a debug-only fault on a debug kernel: what the suite's stock kernel said about it.</param>
public sealed record FaultOutcome(FaultCase Fault, FailureClass ActualClass, string? FirstFailedPhase, TimeSpan Duration, bool Caught, string Detail, string? Stock = null);
