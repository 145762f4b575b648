using Vexfs.Lab.Bench;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Pipeline;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>
/// VmShell --watch's reload in a real 6.1 guest, built on the host and delivered through the source share or
/// the transfer disk (the guest must not read its cached copy of the last tar), on a copy of vexfs-kernel/: an edit is rebuilt and swapped in (the new module answers status), a compile error is
/// reported with the checkout's path and leaves the loaded module alone, and fixing it reloads again.
/// Needs root and artifacts/vexctl/vexctl.
/// </summary>
[Trait("Category", "Vm")]
[Collection(SerialRuns.Name)]
public sealed class ModuleReloaderTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(SourceDelivery.Share)]
    [InlineData(SourceDelivery.Disk)]
    public async Task An_edit_is_rebuilt_and_swapped_in_and_a_compile_error_names_the_checkout(SourceDelivery delivery)
    {
        var ct = TestContext.Current.CancellationToken;
        VmTestLab.RequireRoot("the host module build and the source share need root");
        using var loggers = new TestOutputLoggerFactory(output);
        using var temp = new TempDirectory();
        var lab = new VmTestLab(loggers);
        var vexctl = lab.RequireVexctl();
        var copy = new BenchSourceCopy(lab.ModuleSources, temp.Combine("vexfs-kernel"));
        copy.Refresh();

        var launcher = lab.Launcher;
        var source = new ModuleInstallSettings(copy.Directory, vexctl) { ModuleBuild = ModuleBuildMode.Host, Delivery = delivery };
        var runDir = temp.Combine("run");
        var install = ModuleInstalls.For(source, runDir, loggers);
        await using var guest = await launcher.LaunchAsync(VmTestLab.Series(), install, runDir, new PhaseRecorder(loggers.CreateLogger(nameof(ModuleReloaderTests))), ct);
        var reloader = new ModuleReloader(guest, install);

        // A MODULE_INFO string is part of the source version modpost computes, so each reload shows in srcversion.
        var main = Path.Combine(copy.Directory, "main.c");
        var good = await File.ReadAllTextAsync(main, ct);
        await File.WriteAllTextAsync(main, good + "MODULE_INFO(watchtest, \"1\");\n", ct);
        var edited = await reloader.ReloadAsync(ct);
        Assert.True(edited.Succeeded, edited.Message);
        var srcversion = await guest.Session.RunAsync("cat /sys/module/vexfs/srcversion", TimeSpan.FromSeconds(30), ct);

        await File.WriteAllTextAsync(main, good + "MODULE_INFO(watchtest, \"1\");\nstatic int vexfs_broken(void) { return undeclared_name; }\n", ct);
        var broken = await reloader.ReloadAsync(ct);
        Assert.Equal("build", broken.FailedStep);
        Assert.Contains($"{main}:", broken.Message, StringComparison.Ordinal);
        Assert.Contains("undeclared_name", broken.Message, StringComparison.Ordinal);
        var still = await guest.Session.RunAsync("cat /sys/module/vexfs/srcversion", TimeSpan.FromSeconds(30), ct);
        Assert.Equal(srcversion.Stdout, still.Stdout);

        await File.WriteAllTextAsync(main, good + "MODULE_INFO(watchtest, \"2\");\n", ct);
        var fixedAgain = await reloader.ReloadAsync(ct);
        Assert.True(fixedAgain.Succeeded, fixedAgain.Message);
        var after = await guest.Session.RunAsync("cat /sys/module/vexfs/srcversion", TimeSpan.FromSeconds(30), ct);
        Assert.NotEqual(srcversion.Stdout, after.Stdout);
    }
}
