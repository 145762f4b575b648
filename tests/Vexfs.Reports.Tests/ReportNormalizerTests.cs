using Snapshooter.Xunit3;
using Xunit;

namespace Vexfs.Reports.Tests;

public class ReportNormalizerTests
{
    // Snapshooter re-encodes a string that parses as JSON (escaping '<' and '+'); a title line keeps the
    // committed snapshot byte-for-byte what Normalize returns, readable in a diff.
    [Fact]
    public void Passed_report_snapshot() =>
        Snapshot.Match("normalised report.json\n" + ReportNormalizer.Normalize(TestReports.Passed()));

    [Fact]
    public void Oopsed_report_snapshot() =>
        Snapshot.Match("normalised report.json\n" + ReportNormalizer.Normalize(TestReports.Oopsed()));

    [Fact]
    public void Another_run_of_the_same_code_normalises_the_same()
    {
        var first = TestReports.Passed();
        var second = first with
        {
            KernelRelease = "6.1.0-41-cloud-amd64",
            ImageKey = "bookworm-6.1-cloud-17aa03bc9e8d6f21",
            StartedAt = first.StartedAt.AddHours(5),
            Duration = TimeSpan.FromSeconds(131),
            Phases = [.. first.Phases.Select(p => p with
            {
                Duration = p.Duration * 1.7,
                Detail = p.Detail?.Replace("40817", "35211", StringComparison.Ordinal).Replace("16.8 s", "19.2 s", StringComparison.Ordinal),
            })],
            Bench = first.Bench! with { InsertsPerSecond = 9_001, SearchLatencyUs = new LatencySummary(1, 2, 3, 4) },
        };

        Assert.Equal(ReportNormalizer.Normalize(first), ReportNormalizer.Normalize(second));
    }

    [Fact]
    public void A_restored_or_a_cold_boot_normalises_the_same_but_a_failed_phase_keeps_its_reason()
    {
        var report = TestReports.Passed();
        PhaseResult Boot(string detail, PhaseStatus status = PhaseStatus.Passed) => new(PhaseNames.Boot, status, TimeSpan.FromSeconds(2), detail);
        var restored = report with { Phases = [Boot("restored the saved state eb62862e1e30229f: ready in 1.4 s"), .. report.Phases.Skip(1)] };
        var cold = report with { Phases = [Boot("cold boot (no saved state yet); state saved"), .. report.Phases.Skip(1)] };
        var failed = report with { Phases = [Boot("the guest did not answer SSH within 120 s", PhaseStatus.Failed), .. report.Phases.Skip(1)] };

        Assert.Equal(ReportNormalizer.Normalize(restored), ReportNormalizer.Normalize(cold));
        Assert.Contains("did not answer SSH", ReportNormalizer.Normalize(failed), StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_test_outcome_or_finding_class_shows()
    {
        var passed = TestReports.Passed();
        var tests = passed.Tests!;
        var failedTest = passed with
        {
            Tests = tests with { Tests = [.. tests.Tests.Select((t, i) => i == 0 ? t with { Status = PhaseStatus.Failed } : t)] },
        };
        var oopsed = TestReports.Oopsed();
        var warned = oopsed with { Findings = [oopsed.Findings[0] with { Class = FailureClass.Warning }] };

        Assert.NotEqual(ReportNormalizer.Normalize(passed), ReportNormalizer.Normalize(failedTest));
        Assert.NotEqual(ReportNormalizer.Normalize(oopsed), ReportNormalizer.Normalize(warned));
    }

    [Theory]
    [InlineData("6.1.0-41-cloud-amd64", "6.1.0-<abi>-cloud-amd64")]
    [InlineData("6.12.57+deb13-cloud-amd64", "6.12.<n>+deb13-cloud-amd64")]
    [InlineData("Debian 6.1.192-2 (2025-11-01)", "Debian 6.1.<n>-<rev> (<date>)")]
    [InlineData("linux-image-6.1.0-56-cloud-amd64 6.1.158-1~bpo11+1", "linux-image-6.1.0-<abi>-cloud-amd64 6.1.<n>-<rev>")]
    [InlineData("ssh on 127.0.0.1:40817 after 16.8 s", "ssh on <ip>:<port> after <duration>")]
    [InlineData("[   12.714509] watchdog: BUG: soft lockup - CPU#0 stuck for 9s! [insmod:84]", "[<t>] watchdog: BUG: soft lockup - CPU#0 stuck for <duration>! [insmod:<pid>]")]
    [InlineData("RIP: 0010:faultmod_init+0x62/0x1000 [faultmod]", "RIP: 0010:faultmod_init+0x<hex>/0x<hex> [faultmod]")]
    [InlineData("RSP: 0018:ff3879c8005abb68 EFLAGS: 00000246", "RSP: 0018:<addr> EFLAGS: 00000246")]
    [InlineData("srcversion 3A5F0C9B7E12D4A6B8C0E2F", "srcversion <hash>")]
    [InlineData("started 2026-11-25T12:40:03Z, done at 12:41:40", "started <date>, done at <time>")]
    [InlineData("mount -t vexfs /dev/vdb /mnt/vexfs accessed", "mount -t vexfs /dev/vdb /mnt/vexfs accessed")]
    public void Scrubber_replaces_what_varies_and_keeps_words(string text, string expected) =>
        Assert.Equal(expected, ReportScrubber.Scrub(text));
}
