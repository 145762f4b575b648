using Spectre.Console;
using Vexfs.Lab.Bisect;

namespace VexfsBuild;

/// <summary>Bisect's closing output: every step, then the first bad commit, its subject, class and report.</summary>
internal static class BisectTable
{
    public static void Write(IAnsiConsole console, BisectResult result, IReadOnlyList<BisectCommit> commits, string runDirectory)
    {
        var table = new Table().Title("Bisect").AddColumns("Step", "Commit", "Subject", "Verdict", "Class", "Duration");
        foreach (var (step, i) in result.Steps.Select((s, i) => (s, i + 1)))
        {
            table.AddRow(
                $"{i}",
                step.Commit[..10],
                Markup.Escape(step.Subject),
                step.Verdict switch { StepVerdict.Good => "[green]good[/]", StepVerdict.Bad => "[red]bad[/]", _ => "[yellow]skipped[/]" },
                step.FailureClass == Vexfs.Reports.FailureClass.None ? "" : step.FailureClass.ToString(),
                $"{step.Duration.TotalSeconds:F1} s");
        }

        console.Write(table);

        // Written raw: paths and hashes are copied from here, and Spectre would wrap them.
        var raw = console.Profile.Out.Writer;
        if (result.Found && result.FirstBad is { } bad)
        {
            raw.WriteLine($"first bad commit: {bad.Commit} {bad.Subject}");
            raw.WriteLine($"  failure class: {bad.FailureClass}{(bad.Reason is null ? "" : $" ({bad.Reason})")}");
            raw.WriteLine($"  report: {bad.ReportPath ?? "none"}");
        }
        else
        {
            raw.WriteLine("the first bad commit is one of:");
            foreach (var hash in result.Candidates)
            {
                raw.WriteLine($"  {hash} {commits.First(c => c.Hash == hash).Subject}");
            }
        }

        raw.WriteLine($"  {result.Steps.Count} steps in {result.Duration.TotalSeconds:F0} s; steps in {runDirectory}");
    }
}
