using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Vexfs.Lab.Bisect;

/// <summary>A commit to judge, with the subject people recognise it by.</summary>
public sealed record BisectCommit(string Hash, string Subject)
{
    public string Abbreviated => Hash[..Math.Min(10, Hash.Length)];
}

/// <summary>
/// The binary search: confirms that --bad fails and --good passes, then halves the commits between them until
/// the first bad one is left. A commit the judge cannot judge is skipped and the next one nearest the middle
/// is tried, as <c>git bisect skip</c> does; if only skipped commits separate good from bad, all of them are
/// the answer.
/// </summary>
public sealed class BisectSearch(IStepJudge judge, ILogger<BisectSearch> logger)
{
    /// <param name="good">The last commit known to pass.</param>
    /// <param name="commits">The commits after it, oldest first, ending with the bad one.</param>
    public async Task<BisectResult> RunAsync(BisectCommit good, IReadOnlyList<BisectCommit> commits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(good);
        ArgumentNullException.ThrowIfNull(commits);
        if (commits.Count == 0)
        {
            throw new LabException($"there are no commits between --good {good.Abbreviated} and --bad", "--bad must be a descendant of --good");
        }

        var clock = Stopwatch.StartNew();
        var steps = new List<StepResult>();
        async Task<StepResult> JudgeAsync(BisectCommit commit, int left)
        {
            logger.LogInformation("step {Step} (about {Left} more after it): {Commit} {Subject}", steps.Count + 1, left, commit.Abbreviated, commit.Subject);
            var step = await judge.JudgeAsync(commit.Hash, commit.Subject, steps.Count + 1, ct);
            steps.Add(step);
            logger.LogInformation(
                "step {Step}: {Commit} is {Verdict}{Class} ({Seconds:F1} s; {Elapsed:F0} s in all){Reason}",
                steps.Count, commit.Abbreviated, step.Verdict.ToString().ToLowerInvariant(),
                step.FailureClass == Reports.FailureClass.None ? "" : $" ({step.FailureClass})",
                step.Duration.TotalSeconds, clock.Elapsed.TotalSeconds, step.Reason is null ? "" : $": {step.Reason}");
            return step;
        }

        var lastBad = await JudgeAsync(commits[^1], Remaining(commits.Count - 1) + 1);
        if (lastBad.Verdict != StepVerdict.Bad)
        {
            throw new LabException(
                $"--bad {commits[^1].Abbreviated} is not bad: it is {lastBad.Verdict.ToString().ToLowerInvariant()}{(lastBad.Reason is null ? "" : $" ({lastBad.Reason})")}",
                "give a --bad commit that fails the way you are looking for (see its report: " + (lastBad.ReportPath ?? "none") + ")");
        }

        var goodStep = await JudgeAsync(good, Remaining(commits.Count - 1));
        if (goodStep.Verdict == StepVerdict.Bad)
        {
            throw new LabException(
                $"--good {good.Abbreviated} fails too ({goodStep.FailureClass}: {goodStep.Reason})",
                "give an older --good commit that passes (see its report: " + (goodStep.ReportPath ?? "none") + ")");
        }

        if (goodStep.Verdict == StepVerdict.Skip)
        {
            logger.LogWarning("--good {Commit} could not be judged; taking your word that it passes", good.Abbreviated);
        }

        var lo = -1;
        var hi = commits.Count - 1;
        var skipped = new HashSet<int>();
        while (Untested(lo, hi, skipped).ToList() is { Count: > 0 } untested)
        {
            var middle = (lo + hi) / 2.0;
            var index = untested.MinBy(i => Math.Abs(i - middle));
            var step = await JudgeAsync(commits[index], Remaining(untested.Count - 1));
            switch (step.Verdict)
            {
                case StepVerdict.Good:
                    lo = index;
                    break;
                case StepVerdict.Bad:
                    hi = index;
                    lastBad = step;
                    break;
                default:
                    skipped.Add(index);
                    break;
            }
        }

        var candidates = commits.Skip(lo + 1).Take(hi - lo).Select(c => c.Hash).ToList();
        return new BisectResult(lastBad, candidates, steps, clock.Elapsed);
    }

    private static IEnumerable<int> Untested(int lo, int hi, HashSet<int> skipped) =>
        Enumerable.Range(lo + 1, Math.Max(0, hi - lo - 1)).Where(i => !skipped.Contains(i));

    /// <summary>Steps still needed to narrow <paramref name="untested"/> commits to one: ⌈log2(n + 1)⌉.</summary>
    private static int Remaining(int untested) => untested <= 0 ? 0 : (int)Math.Ceiling(Math.Log2(untested + 1));
}
