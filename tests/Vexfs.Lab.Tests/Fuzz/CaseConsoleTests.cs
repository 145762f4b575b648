using Vexfs.Lab.Fuzz;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.Fuzz;

/// <summary>Reports go to the case whose markers enclose them; a case without its end marker was the one running when the guest was lost.</summary>
public sealed class CaseConsoleTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "fuzz", name));

    [Fact]
    public void A_recorded_console_splits_into_cases_and_the_warning_is_the_second_cases()
    {
        var segments = CaseConsole.Split(Fixture("drop-nlink-console.log"));

        Assert.Equal(["s1-c00000", "s1-c00001", "s1-c00002"], segments.Select(s => s.Id));
        Assert.All(segments, s => Assert.True(s.Ended));
        var findings = segments.Select(s => Vexfs.Lab.KernelLog.KernelLogScanner.Scan(s.Text, "console")).ToList();
        Assert.Empty(findings[0]);
        Assert.Equal(FailureClass.Warning, Assert.Single(findings[1]).Class);
        Assert.Contains("drop_nlink", findings[1][0].Block, StringComparison.Ordinal);
        Assert.Empty(findings[2]);
    }

    [Fact]
    public void A_case_cut_off_by_a_lost_guest_has_no_end()
    {
        var console = "[ 1.0] vexfs-fuzz: case a start\n[ 2.0] vexfs-fuzz: case a end\n[ 3.0] vexfs-fuzz: case b start\n[ 4.0] vexfs: something\n";

        var segments = CaseConsole.Split(console);

        Assert.Equal([("a", true), ("b", false)], segments.Select(s => (s.Id, s.Ended)));
        Assert.Contains("vexfs: something", segments[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_workload_output_splits_at_the_case_lines()
    {
        var outputs = CaseConsole.SplitOutput("@@ case a\nwalk 0\nread 0\n@@ case b\nmount refused\n@@ batch done\n");

        Assert.Equal("walk 0\nread 0", outputs["a"]);
        Assert.Equal("mount refused", outputs["b"]);
    }
}
