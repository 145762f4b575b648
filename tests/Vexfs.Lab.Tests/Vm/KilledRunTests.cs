using Vexfs.Lab.Machine;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>
/// The real ./build.sh killed or interrupted while its guest boots (VmShell, which writes no reports): SIGINT
/// stops QEMU and removes the run directory (exit 130); SIGKILL cannot, so the owner guard of the next QEMU
/// start finds the orphan and kills it.
/// </summary>
[Trait("Category", "Vm")]
[Collection(SerialRuns.Name)]
public sealed class KilledRunTests(ITestOutputHelper output)
{
    private const int SigInt = 2;
    private const int SigKill = 9;

    [Fact]
    public async Task Ctrl_c_during_boot_exits_130_and_leaves_no_qemu_and_no_run_directory()
    {
        var ct = TestContext.Current.CancellationToken;
        using var build = StartShell();
        var qemu = await LabProcesses.WaitForQemuChildAsync(build, TimeSpan.FromMinutes(3), ct);
        var runDirectory = LabProcesses.RunDirectoryOf(qemu);
        await Task.Delay(TimeSpan.FromSeconds(3), ct);

        build.Signal(SigInt);
        var code = await build.WaitAsync(TimeSpan.FromMinutes(1), ct);
        output.WriteLine(build.Output);

        Assert.Equal(130, code);
        Assert.Contains("VmShell was cancelled.", build.Output, StringComparison.Ordinal);
        Assert.True(await LabProcesses.GoneAsync(qemu, TimeSpan.FromSeconds(5)), $"QEMU {qemu} survived Ctrl-C");
        Assert.False(Directory.Exists(runDirectory), $"the run directory {runDirectory} was left behind");
        Assert.Empty(LabProcesses.QemusMentioning(runDirectory));
    }

    [Fact]
    public async Task Sigkill_during_boot_orphans_qemu_and_the_next_start_sweeps_it()
    {
        var ct = TestContext.Current.CancellationToken;
        int qemu;
        string runDirectory;
        using (var build = StartShell())
        {
            qemu = await LabProcesses.WaitForQemuChildAsync(build, TimeSpan.FromMinutes(3), ct);
            runDirectory = LabProcesses.RunDirectoryOf(qemu);
            build.Signal(SigKill);
            Assert.Equal(137, await build.WaitAsync(TimeSpan.FromSeconds(30), ct));
        }

        // SIGKILL gives the build no chance to stop its guest: QEMU lives on, reparented.
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        Assert.False(await LabProcesses.GoneAsync(qemu, TimeSpan.Zero), "QEMU died with its build; the orphan case did not happen");
        Assert.True(File.Exists(Path.Combine(runDirectory, QemuOwner.FileName)));
        Assert.Contains(QemuOwner.FindOrphans(), o => o.Pid == qemu && o.RunDirectory == runDirectory);

        using var loggers = new TestOutputLoggerFactory(output);
        var swept = await QemuOwner.SweepOrphansAsync(loggers.CreateLogger("sweep"), ct);

        Assert.True(swept >= 1);
        Assert.True(await LabProcesses.GoneAsync(qemu, TimeSpan.FromSeconds(5)), $"QEMU {qemu} survived the sweep");
        Assert.False(File.Exists(Path.Combine(runDirectory, "overlay.qcow2")), "the orphan's overlay was left");
        if (Directory.Exists(runDirectory))
        {
            Assert.Fail($"the orphan's run directory {runDirectory} was left, holding: {string.Join(", ", Directory.EnumerateFileSystemEntries(runDirectory).Select(Path.GetFileName))}");
        }
    }

    [Fact]
    public async Task The_sweep_spares_a_qemu_whose_owner_is_alive()
    {
        var ct = TestContext.Current.CancellationToken;
        using var build = StartShell();
        var qemu = await LabProcesses.WaitForQemuChildAsync(build, TimeSpan.FromMinutes(3), ct);

        using var loggers = new TestOutputLoggerFactory(output);
        await QemuOwner.SweepOrphansAsync(loggers.CreateLogger("sweep"), ct);

        Assert.False(await LabProcesses.GoneAsync(qemu, TimeSpan.FromSeconds(1)), "the sweep killed the QEMU of a live run");
        build.Signal(SigInt);
        Assert.Equal(130, await build.WaitAsync(TimeSpan.FromMinutes(1), ct));
        Assert.True(await LabProcesses.GoneAsync(qemu, TimeSpan.FromSeconds(5)));
    }

    /// <summary>VmShell of 6.1 alone (--skip: no restore, no vexctl publish; the tests stop it before it needs vexctl), cold boot.</summary>
    private static BuildScript StartShell() =>
        BuildScript.Start(["VmShell", "--skip", "--kernel", "6.1", "--boot", "cold", "--cache-dir", VmTestLab.CacheDir]);
}
