using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>Runs the named phases of one run and keeps their status and duration for the report.</summary>
public sealed class PhaseRecorder(ILogger logger)
{
    private readonly List<PhaseResult> phases = [];

    public IReadOnlyList<PhaseResult> Phases => phases;

    /// <param name="detail">What to say about a passed phase in the report (e.g. how the guest started).</param>
    public async Task<T> RunAsync<T>(string name, Func<CancellationToken, Task<T>> body, CancellationToken ct, Func<T, string?>? detail = null)
    {
        logger.LogInformation("phase {Phase}: started", name);
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await body(ct);
            phases.Add(new PhaseResult(name, PhaseStatus.Passed, clock.Elapsed, detail?.Invoke(result)));
            logger.LogInformation("phase {Phase}: passed in {Seconds:F1} s", name, clock.Elapsed.TotalSeconds);
            return result;
        }
        catch (Exception ex)
        {
            phases.Add(new PhaseResult(name, PhaseStatus.Failed, clock.Elapsed, ex.Message));
            logger.LogError("phase {Phase}: failed after {Seconds:F1} s: {Reason}", name, clock.Elapsed.TotalSeconds, ex.Message);
            throw;
        }
    }

    public Task RunAsync(string name, Func<CancellationToken, Task> body, CancellationToken ct, string? detail = null) =>
        RunAsync(name, async c => { await body(c); return true; }, ct, detail is null ? null : _ => detail);

    public void Record(PhaseResult phase) => phases.Add(phase);

    public void Skip(string name, string reason) => phases.Add(new PhaseResult(name, PhaseStatus.Skipped, TimeSpan.Zero, reason));
}
