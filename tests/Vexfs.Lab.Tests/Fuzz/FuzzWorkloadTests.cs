using System.Diagnostics;
using Vexfs.Lab.Fuzz;

namespace Vexfs.Lab.Tests.Fuzz;

/// <summary>The guest scripts are valid POSIX sh (the host's sh -n) and do every step of the workload.</summary>
public sealed class FuzzWorkloadTests
{
    [Fact]
    public async Task A_batch_and_a_standalone_reproducer_are_valid_sh_and_run_every_step()
    {
        var ct = TestContext.Current.CancellationToken;
        var batch = FuzzWorkload.BatchPreamble("/dev/vdb")
            + FuzzWorkload.Case("s1-c00001", FuzzWorkload.RegionSource("/dev/vdb", 2 << 20, 2 << 20), 8, "/usr/local/bin/vexctl")
            + FuzzWorkload.BatchEpilogue("/dev/vdb");
        var fuzzCase = new FuzzCase("s1-c00002", 2, "b", [], []);
        var standalone = FuzzWorkload.Standalone(fuzzCase, 8, "/usr/local/bin/vexctl");

        foreach (var script in (string[])[batch, standalone, FuzzPopulate.Script("/dev/vdb", 2 << 20, "/usr/local/bin/vexctl")])
        {
            var (code, error) = await CheckSyntaxAsync(script, ct);
            Assert.True(code == 0, $"sh -n: {error}\n{script}");
        }

        foreach (var step in (string[])["mount -t vexfs -o loop,offset=2097152,sizelimit=2097152 /dev/vdb", "ls -laR", "head -c", "tail -c", "echo fuzz >>", "vec set", "vec get", "search", "truncate -s", "mkdir -p", "mv ", "rm -rf", "umount"])
        {
            Assert.Contains(step, batch, StringComparison.Ordinal);
        }

        Assert.Contains("vexfs-fuzz: case s1-c00001 start' > /dev/kmsg", batch, StringComparison.Ordinal);
        Assert.Contains("-o loop /tmp/vexfs-fuzz-case.img", standalone, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Error)> CheckSyntaxAsync(string script, CancellationToken ct)
    {
        var info = new ProcessStartInfo("sh", ["-n"]) { RedirectStandardInput = true, RedirectStandardError = true };
        using var sh = Process.Start(info) ?? throw new InvalidOperationException("cannot start sh");
        await sh.StandardInput.WriteAsync(script);
        sh.StandardInput.Close();
        var error = await sh.StandardError.ReadToEndAsync(ct);
        await sh.WaitForExitAsync(ct);
        return (sh.ExitCode, error);
    }
}
