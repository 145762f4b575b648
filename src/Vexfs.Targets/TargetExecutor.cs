using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Vexfs.Targets;

/// <summary>
/// Runs a plan in order. After a failure the remaining targets are NotRun, or with <c>--continue</c> only those
/// that depend on a failed one (through DependsOn, or being triggered by it); after Ctrl-C all of them are.
/// Skipped, false-condition and up-to-date targets are recorded without running.
/// </summary>
internal sealed class TargetExecutor(BuildModel model, IAnsiConsole console, InputStamps stamps)
{
    /// <summary>Exception.Data key of a "what to do next" text, printed after a target's failure.</summary>
    public const string HintKey = "Hint";

    private readonly ILogger _logger = model.Build.LoggerFactory.CreateLogger("Vexfs.Targets");

    public async Task<IReadOnlyList<TargetResult>> RunAsync(
        IReadOnlyList<TargetInfo> plan, IReadOnlySet<TargetInfo> skipped, bool continueAfterFailure, CancellationToken cancellation)
    {
        var results = new List<TargetResult>();
        var broken = new HashSet<TargetInfo>();
        foreach (var target in plan)
        {
            var blocked = continueAfterFailure ? Needs(target, plan).Any(broken.Contains) : broken.Count > 0;
            if (blocked || cancellation.IsCancellationRequested)
            {
                results.Add(new TargetResult(target.Name, TargetStatus.NotRun, TimeSpan.Zero));
                broken.Add(target);
                continue;
            }

            var result = await RunOneAsync(target, skipped.Contains(target), cancellation);
            if (result.Status == TargetStatus.Failed)
            {
                broken.Add(target);
            }

            results.Add(result);
        }

        return results;
    }

    /// <summary>The planned targets this one needs to have succeeded: its dependencies and the targets that trigger it.</summary>
    private IEnumerable<TargetInfo> Needs(TargetInfo target, IReadOnlyList<TargetInfo> plan) =>
        model.Resolve(target.Definition.Dependencies)
            .Concat(plan.Where(t => model.Resolve(t.Definition.Triggered).Contains(target)));

    private async Task<TargetResult> RunOneAsync(TargetInfo target, bool skip, CancellationToken cancellation)
    {
        var definition = target.Definition;
        if (skip)
        {
            return new TargetResult(target.Name, TargetStatus.Skipped, TimeSpan.Zero, "--skip");
        }

        if (definition.Conditions.Any(condition => !condition()))
        {
            return new TargetResult(target.Name, TargetStatus.Skipped, TimeSpan.Zero, "condition false");
        }

        var hash = definition.InputGlobs.Count > 0 ? stamps.ComputeHash(definition.InputGlobs) : null;
        if (hash is not null && stamps.IsUpToDate(target.Name, hash) && stamps.AllExist(definition.OutputPaths))
        {
            return new TargetResult(target.Name, TargetStatus.UpToDate, TimeSpan.Zero, "inputs unchanged");
        }

        console.Write(new Rule($"[bold]{target.Name}[/]").LeftJustified());
        var clock = Stopwatch.StartNew();
        try
        {
            foreach (var action in definition.Actions)
            {
                await action(cancellation);
            }

            if (hash is not null)
            {
                stamps.Save(target.Name, hash);
            }

            return new TargetResult(target.Name, TargetStatus.Succeeded, clock.Elapsed);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            _logger.LogError("{Target} was cancelled.", target.Name);
            return new TargetResult(target.Name, TargetStatus.Failed, clock.Elapsed, "cancelled");
        }
        catch (Exception e)
        {
            _logger.LogError("{Target} failed: {Message}", target.Name, e.Message);
            if (e.Data[HintKey] is string hint)
            {
                // Libraries put what the user should do next here (Vexfs.Lab's LabException does).
                _logger.LogError("hint: {Hint}", hint);
            }

            if (_logger.IsEnabled(LogLevel.Debug))
            {
                _logger.LogDebug(e, "{Target} failure detail", target.Name);
            }

            return new TargetResult(target.Name, TargetStatus.Failed, clock.Elapsed, e.Message) { ExitCode = TargetExitCode.Of(e) };
        }
    }
}
