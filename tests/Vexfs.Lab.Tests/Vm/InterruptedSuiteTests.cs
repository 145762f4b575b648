using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>
/// Ctrl-C to the real ./build.sh VmIntegration while the integration suite runs against the guest: exit
/// 130, QEMU and every process the build started are gone, the run directory is removed. It rewrites
/// artifacts/reports/6.1 of this checkout (the report says "cancelled"). Minutes under TCG: VmSlow.
/// </summary>
[Trait("Category", "VmSlow")]
[Collection(SerialRuns.Name)]
public sealed class InterruptedSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ctrl_c_during_the_tests_exits_130_and_leaves_nothing_running()
    {
        var ct = TestContext.Current.CancellationToken;
        using var build = BuildScript.Start(["VmIntegration", "--kernel", "6.1", "--boot", "cold", "--cache-dir", VmTestLab.CacheDir]);
        var qemu = await LabProcesses.WaitForQemuChildAsync(build, TimeSpan.FromMinutes(10), ct);
        var runDirectory = LabProcesses.RunDirectoryOf(qemu);
        await build.WaitForOutputAsync("phase tests: started", TimeSpan.FromMinutes(25), ct);
        await Task.Delay(TimeSpan.FromSeconds(20), ct);
        var started = LabProcesses.DescendantsOf(build.Pid);
        output.WriteLine($"processes under the build before Ctrl-C: {started.Count}");
        Assert.Contains(qemu, started);

        build.Signal(2);
        var code = await build.WaitAsync(TimeSpan.FromMinutes(2), ct);
        output.WriteLine(build.Output);

        Assert.Equal(130, code);
        foreach (var pid in started)
        {
            Assert.True(await LabProcesses.GoneAsync(pid, TimeSpan.FromSeconds(10)), $"process {pid} started by the build outlived Ctrl-C");
        }

        Assert.False(Directory.Exists(runDirectory), $"the run directory {runDirectory} was left behind");
        Assert.Empty(LabProcesses.QemusMentioning(runDirectory));
    }
}
