using Microsoft.Extensions.Logging.Abstractions;
using Vexfs.Lab.Bisect;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.Bisect;

/// <summary>The search over recorded step outcomes: the real loop's run is the Vm test (BisectVmTests).</summary>
public sealed class BisectSearchTests
{
    private static readonly BisectCommit Good = new("g000000000", "good");

    private static List<BisectCommit> History(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new BisectCommit($"c{i:D9}", $"commit {i}"))];

    [Theory]
    [InlineData(16, 11)]
    [InlineData(16, 1)]
    [InlineData(16, 16)]
    [InlineData(1, 1)]
    [InlineData(7, 4)]
    public async Task It_names_the_first_bad_commit_in_about_log2_steps(int count, int firstBad)
    {
        var commits = History(count);
        var judge = new ScriptedJudge(i => i >= firstBad ? StepVerdict.Bad : StepVerdict.Good);

        var result = await new BisectSearch(judge, NullLogger<BisectSearch>.Instance).RunAsync(Good, commits, CancellationToken.None);

        Assert.True(result.Found);
        Assert.Equal(commits[firstBad - 1].Hash, result.FirstBad!.Commit);
        Assert.Equal(FailureClass.Oops, result.FirstBad.FailureClass);

        // bad and good confirmed, then at most ⌈log2(count)⌉ steps.
        Assert.InRange(result.Steps.Count, 2, 2 + (int)Math.Ceiling(Math.Log2(count)));
    }

    [Fact]
    public async Task A_commit_it_cannot_judge_is_skipped_and_a_neighbour_tried()
    {
        var commits = History(16);
        var judge = new ScriptedJudge(i => i is 8 or 9 ? StepVerdict.Skip : i >= 11 ? StepVerdict.Bad : StepVerdict.Good);

        var result = await new BisectSearch(judge, NullLogger<BisectSearch>.Instance).RunAsync(Good, commits, CancellationToken.None);

        Assert.True(result.Found);
        Assert.Equal(commits[10].Hash, result.FirstBad!.Commit);
        Assert.Contains(result.Steps, s => s.Verdict == StepVerdict.Skip);
    }

    [Fact]
    public async Task Only_skipped_commits_at_the_boundary_leave_every_candidate()
    {
        var commits = History(8);
        var judge = new ScriptedJudge(i => i is 4 or 5 ? StepVerdict.Skip : i >= 5 ? StepVerdict.Bad : StepVerdict.Good);

        var result = await new BisectSearch(judge, NullLogger<BisectSearch>.Instance).RunAsync(Good, commits, CancellationToken.None);

        Assert.False(result.Found);
        Assert.Equal([commits[3].Hash, commits[4].Hash, commits[5].Hash], result.Candidates);
    }

    [Fact]
    public async Task A_bad_commit_that_passes_is_an_error()
    {
        var judge = new ScriptedJudge(_ => StepVerdict.Good);

        var error = await Assert.ThrowsAsync<LabException>(() =>
            new BisectSearch(judge, NullLogger<BisectSearch>.Instance).RunAsync(Good, History(4), CancellationToken.None));

        Assert.Contains("is not bad: it is good", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_commit_that_fails_is_an_error()
    {
        var judge = new ScriptedJudge(_ => StepVerdict.Bad);

        var error = await Assert.ThrowsAsync<LabException>(() =>
            new BisectSearch(judge, NullLogger<BisectSearch>.Instance).RunAsync(Good, History(4), CancellationToken.None));

        Assert.Contains("fails too", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Commit i (1-based; the good commit is 0) gets the verdict the script gives it.</summary>
    private sealed class ScriptedJudge(Func<int, StepVerdict> verdict) : IStepJudge
    {
        public Task<StepResult> JudgeAsync(string commit, string subject, int number, CancellationToken ct)
        {
            var index = commit == Good.Hash ? 0 : int.Parse(commit[1..], System.Globalization.CultureInfo.InvariantCulture);
            var v = verdict(index);
            return Task.FromResult(new StepResult(commit, subject, v, v == StepVerdict.Bad ? FailureClass.Oops : FailureClass.None, null, null, TimeSpan.FromSeconds(1)));
        }
    }
}
