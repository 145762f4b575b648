using Vexfs.Reports;

namespace VexfsBuild;

/// <summary>
/// The test counts of this build invocation: host unit tests, each kernel's VM run (one verdict each) and
/// its integration tests, the report snapshots. Printed as the closing line, after the summary table.
/// </summary>
internal sealed class TestTally
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public int Skipped { get; private set; }

    /// <summary>Integration tests --test left out: counted apart, never as passed.</summary>
    public int NotRun { get; private set; }

    public bool Any => Passed + Failed + Skipped > 0;

    public void Add(TestRunSummary summary)
    {
        Passed += summary.Passed;
        Failed += summary.Failed;
        Skipped += summary.Skipped;
        NotRun += summary.NotRun;
    }

    /// <summary>Each kernel's verdict counts once, and its integration tests count one by one.</summary>
    public void AddVmRuns(IEnumerable<RunReport> reports)
    {
        foreach (var report in reports)
        {
            if (report.Verdict == Verdict.Passed)
            {
                Passed++;
            }
            else
            {
                Failed++;
            }

            if (report.Tests is { } tests)
            {
                Add(tests);
            }
        }
    }

    /// <summary>Each fault of the catalogue is one test: caught or missed.</summary>
    public void AddFaults(IEnumerable<Vexfs.Lab.Faults.FaultOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            if (outcome.Caught)
            {
                Passed++;
            }
            else
            {
                Failed++;
            }
        }
    }

    /// <summary>Each fuzz case is one test: clean, or a kept reproducer.</summary>
    public void AddFuzz(int clean, int failed)
    {
        Passed += clean;
        Failed += failed;
    }

    // The closing line keeps the plain "N passed, N failed, N skipped" shape CI readers know: tests left out by
    // --test count as skipped there (the reports and the summary table name them "not run").
    public override string ToString() => $"{Passed} passed, {Failed} failed" + (Skipped + NotRun > 0 ? $", {Skipped + NotRun} skipped" : "");
}
