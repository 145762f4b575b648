namespace Vexfs.Reports;

/// <summary>The outcome of one run over several kernels: passed only when every kernel passed.</summary>
public sealed record MatrixSummary(string Suite, Verdict Verdict, IReadOnlyList<MatrixRow> Rows)
{
    public static MatrixSummary FromReports(string suite, IEnumerable<RunReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var rows = reports.Select(MatrixRow.From).ToList();
        if (rows.Count == 0)
        {
            throw new ArgumentException("A matrix summary needs at least one kernel's report; no kernel was run.", nameof(reports));
        }

        var verdict = rows.All(r => r.Verdict == Verdict.Passed) ? Verdict.Passed : Verdict.Failed;
        return new MatrixSummary(suite, verdict, rows);
    }
}
