using System.Text.Json.Serialization;

namespace Vexfs.Reports;

/// <summary>Counts and cases of one test run; <see cref="Total"/> counts the tests that ran or were skipped.</summary>
public sealed record TestRunSummary(int Passed, int Failed, int Skipped, IReadOnlyList<TestCaseResult> Tests)
{
    public int Total => Passed + Failed + Skipped;

    /// <summary>Tests a selection left out; written to report.json only when there are some.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int NotRun => Tests.Count(t => t.Status == PhaseStatus.NotRun);
}
