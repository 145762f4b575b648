using Vexfs.Lab.Faults;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.Pipeline;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.Pipeline;

/// <summary>
/// How a run's verdict is reached, on recorded inputs and without a guest: which failure wins, what a
/// crash in the kernel log overrides, how a suite failure is classed, how a fault run is judged, how
/// vexctl's bench output is read, and which faults a FaultMatrix run takes.
/// </summary>
public sealed class VerdictLogicTests
{
    private static readonly KernelSeries Series = KernelCatalog.Default.Resolve("6.1");

    [Fact]
    public void The_first_failure_is_the_runs_and_a_later_one_does_not_replace_it()
    {
        var state = new RunState(Series, DateTimeOffset.UnixEpoch);
        state.Fail(FailureClass.Load, "insmod failed");
        state.Fail(FailureClass.Infrastructure, "cancelled");

        Assert.Equal(FailureClass.Load, state.FailureClass);
        Assert.Equal("insmod failed", state.FailureReason);
    }

    [Theory]
    [InlineData(FailureClass.Panic, FailureClass.Panic)]
    [InlineData(FailureClass.Oops, FailureClass.Oops)]
    [InlineData(FailureClass.Bug, FailureClass.Bug)]
    [InlineData(FailureClass.Warning, FailureClass.Hang)]
    [InlineData(FailureClass.Hang, FailureClass.Hang)]
    public void A_crash_in_the_kernel_log_overrides_the_phase_failure_and_nothing_else_does(FailureClass worst, FailureClass expected)
    {
        var state = new RunState(Series, DateTimeOffset.UnixEpoch);
        state.Fail(FailureClass.Hang, "vexctl status did not answer within 60 s");
        state.FailFromKernelLog(worst, "kernel log: 1 finding(s)");

        Assert.Equal(expected, state.FailureClass);
        Assert.Equal(
            expected == worst && worst != FailureClass.Hang ? "kernel log: 1 finding(s); then: vexctl status did not answer within 60 s" : "vexctl status did not answer within 60 s",
            state.FailureReason);
    }

    [Fact]
    public void A_warning_in_the_log_of_a_run_that_passed_fails_it()
    {
        var state = new RunState(Series, DateTimeOffset.UnixEpoch);
        state.FailFromKernelLog(FailureClass.Warning, "kernel log: 1 finding(s), worst Warning");

        var report = state.ToReport([], TimeSpan.FromSeconds(1), "mmdebstrap", "kvm");
        Assert.Equal(Verdict.Failed, report.Verdict);
        Assert.Equal(FailureClass.Warning, report.FailureClass);
    }

    // `dotnet exec Vexfs.Integration.Tests.dll -list methods -trait FailureClass=DataLoss -noColor` (xunit v3.2.2).
    private const string RecordedList = """
        xUnit.net v3 In-Process Runner v3.2.2+728c1dce01 (64-bit .NET 10.0.12)

        Vexfs.Integration.Tests.PersistenceTests.Persists_across_umount_mount_and_rmmod_insmod

        """;

    [Theory]
    [InlineData("Vexfs.Integration.Tests.PersistenceTests.Persists_across_umount_mount_and_rmmod_insmod", FailureClass.DataLoss)]
    [InlineData("Vexfs.Integration.Tests.SearchTests.K_out_of_range_is_einval", FailureClass.Test)]
    [InlineData("Vexfs.Integration.Tests.PersistenceTests.Persists_across_umount_mount_and_rmmod_insmod(runs: 2)", FailureClass.DataLoss)]
    public void A_failed_suite_is_classed_by_the_trait_its_tests_declare(string failedTest, FailureClass expected)
    {
        var dataLoss = SuiteFailureClass.ParseMethods(RecordedList.Replace("\r", "", StringComparison.Ordinal));
        var failed = new[] { new TestCaseResult(failedTest, "c", PhaseStatus.Failed, TimeSpan.Zero) };

        Assert.Single(dataLoss);
        Assert.Equal(expected, SuiteFailureClass.Classify(failed, dataLoss));
    }

    [Fact]
    public void A_fault_is_caught_only_with_its_class_in_its_phase_within_its_deadline()
    {
        var fault = new FaultCase("oops-on-load", FailureClass.Oops, "load", 900, true, "NULL dereference in module init");
        var state = new RunState(Series, DateTimeOffset.UnixEpoch);
        state.Fail(FailureClass.Load, "insmod failed");
        state.FailFromKernelLog(FailureClass.Oops, "kernel log: 1 finding(s), worst Oops");
        PhaseResult[] phases = [new(PhaseNames.Build, PhaseStatus.Passed, TimeSpan.FromSeconds(3), null), new(PhaseNames.Load, PhaseStatus.Failed, TimeSpan.FromSeconds(2), "insmod failed")];
        var report = state.ToReport(phases, TimeSpan.FromSeconds(40), "mmdebstrap", "kvm");

        var caught = FaultMatrixRunner.Judge(fault, report, TimeSpan.FromSeconds(40));
        Assert.True(caught.Caught, caught.Detail);
        Assert.Equal("load", caught.FirstFailedPhase);

        var late = FaultMatrixRunner.Judge(fault, report, TimeSpan.FromSeconds(901));
        Assert.False(late.Caught);
        Assert.Contains("deadline 900 s", late.Detail, StringComparison.Ordinal);

        var wrongPhase = FaultMatrixRunner.Judge(fault with { Phase = "status" }, report, TimeSpan.FromSeconds(40));
        Assert.Contains("phase status did not run, expected failed", wrongPhase.Detail, StringComparison.Ordinal);

        var passed = FaultMatrixRunner.Judge(fault, new RunState(Series, DateTimeOffset.UnixEpoch).ToReport([], TimeSpan.Zero, "mmdebstrap", "kvm"), TimeSpan.Zero);
        Assert.Contains("the run passed", passed.Detail, StringComparison.Ordinal);
        Assert.Contains("class None, expected Oops", passed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_output_is_read_field_by_field_and_a_missing_field_is_named()
    {
        const string json = """
            {"vectors":1000,"queries":200,"dim":64,"k":10,"insertsPerSecond":5120.5,"searchesPerSecond":310.25,
             "insertLatencyUs":{"p50":150.1,"p90":220.2,"p99":400.3,"max":900.4},
             "searchLatencyUs":{"p50":3000.5,"p90":3500.6,"p99":4000.7,"max":5000.8}}
            """;
        var bench = BenchParser.Parse(json);
        Assert.Equal(1000, bench.Vectors);
        Assert.Equal(64, bench.Dim);
        Assert.Equal(310.25, bench.SearchesPerSecond);
        Assert.Equal(4000.7, bench.SearchLatencyUs.P99);

        var missing = Assert.Throws<FormatException>(() => BenchParser.Parse(json.Replace("\"searchLatencyUs\"", "\"other\"", StringComparison.Ordinal)));
        Assert.Contains("searchLatencyUs", missing.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => BenchParser.Parse("[]"));
    }

    [Fact]
    public void FaultMatrix_takes_the_named_faults_or_the_CI_subset_and_names_an_unknown_one()
    {
        FaultCase[] all = [new("a", FailureClass.Oops, "load", 900, true, ""), new("b", FailureClass.Bug, "status", 900, false, "")];

        Assert.Equal(["a"], FaultCatalog.Select(all, [], ciOnly: true).Select(f => f.Name));
        Assert.Equal(["a", "b"], FaultCatalog.Select(all, [], ciOnly: false).Select(f => f.Name));
        Assert.Equal(["b"], FaultCatalog.Select(all, ["b"], ciOnly: true).Select(f => f.Name));
        var unknown = Assert.Throws<LabException>(() => FaultCatalog.Select(all, ["c"], ciOnly: false));
        Assert.Contains("unknown fault(s): c", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("a, b", unknown.Hint, StringComparison.Ordinal);
    }
}
