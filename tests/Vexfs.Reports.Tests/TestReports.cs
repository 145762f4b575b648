using System.Text.Json.Nodes;

namespace Vexfs.Reports.Tests;

/// <summary>Realistic run reports: what VmIntegration produces for a passing 6.1 run and a 6.12 run that oopsed.</summary>
internal static class TestReports
{
    // Quoted from Vexfs.Lab.Tests/Fixtures/kernel-logs/null.dmesg.log (a real Debian 6.1 guest), shortened.
    public const string OopsBlock = """
        [    2.434482] BUG: kernel NULL pointer dereference, address: 0000000000000000
        [    2.434900] #PF: supervisor read access in kernel mode
        [    2.435080] #PF: error_code(0x0000) - not-present page
        [    2.436150] Oops: 0000 [#1] PREEMPT SMP NOPTI
        [    2.436514] CPU: 0 PID: 84 Comm: insmod Tainted: G           OE      6.1.0-56-cloud-amd64 #1  Debian 6.1.192-2
        [    2.437542] RIP: 0010:faultmod_init+0x62/0x1000 [faultmod]
        [    2.438919] RSP: 0018:ff3879c8005abb68 EFLAGS: 00000246
        [    2.441731] Call Trace:
        [    2.442260]  <TASK>
        [    2.443077]  do_one_initcall+0x59/0x220
        [    2.448846]  </TASK>
        [    2.449863] ---[ end trace 0000000000000000 ]---
        """;

    public static RunReport Passed() => new(
        Series: "6.1",
        Suite: "integration",
        KernelRelease: "6.1.0-56-cloud-amd64",
        Accelerator: "tcg",
        ImageKey: "bookworm-6.1-cloud-9f3c2a71d0e4b5c6",
        ImageBuilder: "mmdebstrap",
        StartedAt: new DateTimeOffset(2026, 11, 25, 12, 40, 3, TimeSpan.Zero),
        Duration: TimeSpan.FromSeconds(97.4),
        Verdict: Verdict.Passed,
        FailureClass: FailureClass.None,
        FailureReason: null,
        Phases: Phases(PhaseStatus.Passed, "bookworm-6.1-cloud-9f3c2a71d0e4b5c6", "6.1.0-56-cloud-amd64"),
        Tests: new TestRunSummary(3, 0, 1,
        [
            new("Vexfs.Integration.Tests.MountTests.Mount_and_unmount_leave_no_dirty_inodes", "Vexfs.Integration.Tests.MountTests", PhaseStatus.Passed, TimeSpan.FromMilliseconds(412)),
            new("Vexfs.Integration.Tests.SearchTests.Search_returns_k_nearest(k: 10)", "Vexfs.Integration.Tests.SearchTests", PhaseStatus.Passed, TimeSpan.FromMilliseconds(1250), Output: "vexctl search --k 10 /mnt/vexfs: 10 results in 3.2 ms"),
            new("Vexfs.Integration.Tests.SearchTests.Search_under_kasan_is_clean", "Vexfs.Integration.Tests.SearchTests", PhaseStatus.Skipped, TimeSpan.Zero, "needs a kernel with CONFIG_KASAN"),
            new("Vexfs.Integration.Tests.StatusTests.Status_reports_abi_version", "Vexfs.Integration.Tests.StatusTests", PhaseStatus.Passed, TimeSpan.FromMilliseconds(88)),
        ]),
        Findings: [],
        VexctlStatus: Status(),
        Bench: new BenchResult(10_000, 1_000, 128, 10, 18_234.5, 2_411.7,
            new LatencySummary(41.2, 60.3, 120.9, 873.0), new LatencySummary(390.4, 455.1, 702.6, 1_944.8)),
        ConsoleTail: null);

    public static RunReport Oopsed() => Passed() with
    {
        Series = "6.12",
        KernelRelease = "6.12.57+deb13-cloud-amd64",
        ImageKey = "trixie-6.12-cloud-0c4d77e1a2b39f80",
        StartedAt = new DateTimeOffset(2026, 11, 25, 12, 42, 51, TimeSpan.Zero),
        Duration = TimeSpan.FromSeconds(64.9),
        Verdict = Verdict.Failed,
        FailureClass = FailureClass.Oops,
        FailureReason = "kernel oops while loading vexfs.ko (BUG: kernel NULL pointer dereference)",
        Phases = Phases(PhaseStatus.Failed, "trixie-6.12-cloud-0c4d77e1a2b39f80", "6.12.57+deb13-cloud-amd64"),
        Tests = null,
        Findings = [new KernelLogFinding(FailureClass.Oops, "BUG: kernel NULL pointer dereference", "console", 361, OopsBlock)],
        VexctlStatus = null,
        Bench = null,
        ConsoleTail = """
            [    2.453753] note: insmod[84] exited with irqs disabled
            Killed
            guest: ssh 127.0.0.1:40817 closed after 3.0 s
            """,
    };

    /// <summary>A 6.1 run whose integration tests failed; its tests come from the real TRX fixture.</summary>
    public static async Task<RunReport> TestsFailedAsync()
    {
        var tests = await TrxReader.ReadAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "integration.trx"), CancellationToken.None);
        var passed = Passed();
        return passed with
        {
            Verdict = Verdict.Failed,
            FailureClass = FailureClass.Test,
            FailureReason = "2 of 7 integration tests failed",
            Phases = [.. passed.Phases.Select(p => p.Name == "tests" ? p with { Status = PhaseStatus.Failed, Detail = "4 passed, 2 failed, 1 skipped" } : p)],
            Tests = tests,
            Bench = null,
            ConsoleTail = "Debian GNU/Linux 12 vexfs-guest ttyS0\n\nvexfs-guest login:",
        };
    }

    private static List<PhaseResult> Phases(PhaseStatus load, string image, string release)
    {
        var phases = new List<PhaseResult>
        {
            new("image", PhaseStatus.Passed, TimeSpan.FromSeconds(1.2), $"cached image {image}"),
            new("boot", PhaseStatus.Passed, TimeSpan.FromSeconds(16.8), "ssh on 127.0.0.1:40817 after 16.8 s"),
            new("build", PhaseStatus.Passed, TimeSpan.FromSeconds(21.5), $"make -C /lib/modules/{release}/build M=/root/vexfs-kernel"),
            new("load", load, TimeSpan.FromSeconds(0.9), load == PhaseStatus.Failed ? "insmod vexfs.ko killed (exit 137)" : "vexfs srcversion 3A5F0C9B7E12D4A6B8C0E2F"),
        };
        if (load == PhaseStatus.Failed)
        {
            phases.Add(new("tests", PhaseStatus.Skipped, TimeSpan.Zero, "module not loaded"));
            phases.Add(new("unload", PhaseStatus.Skipped, TimeSpan.Zero, "module not loaded"));
            phases.Add(new("log-scan", PhaseStatus.Failed, TimeSpan.FromMilliseconds(35), "1 finding: Oops"));
        }
        else
        {
            phases.Add(new("tests", PhaseStatus.Passed, TimeSpan.FromSeconds(44.1), "3 passed, 1 skipped"));
            phases.Add(new("bench", PhaseStatus.Passed, TimeSpan.FromSeconds(9.7)));
            phases.Add(new("unload", PhaseStatus.Passed, TimeSpan.FromSeconds(0.4), "rmmod vexfs"));
            phases.Add(new("log-scan", PhaseStatus.Passed, TimeSpan.FromMilliseconds(31), "console and dmesg clean"));
        }

        return phases;
    }

    private static JsonObject Status() => new()
    {
        ["abiVersion"] = 1,
        ["module"] = new JsonObject
        {
            ["version"] = "0.1.0",
            ["srcversion"] = "3A5F0C9B7E12D4A6B8C0E2F",
            ["kernelRelease"] = "6.1.0-56-cloud-amd64",
            ["loadedAt"] = "2026-11-25T12:41:20Z",
        },
        ["mounts"] = new JsonArray(new JsonObject
        {
            ["source"] = "/dev/vdb",
            ["target"] = "/mnt/vexfs",
            ["dim"] = 128,
            ["files"] = 10000,
            ["uptimeMs"] = 52311,
        }),
    };
}
