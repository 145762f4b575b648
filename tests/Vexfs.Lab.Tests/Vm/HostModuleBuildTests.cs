using Vexfs.Lab.Host;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Pipeline;
using Vexfs.Lab.Session;
using Vexfs.Lab.Tests.Support;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>
/// --module-build host for real: the image's build root, a W=1 build that still catches the
/// build-warning fault, a one-line edit that recompiles one file and asks the compiler no probe again, no make when nothing changed, and a module equal to the one the guest
/// builds itself (modinfo) that loads and answers vexctl status in a real guest.
/// Image cache: $VEXFS_IMAGE_CACHE, else ~/.cache/vexfs (VmTestLab). Needs root and artifacts/vexctl/vexctl.
/// 6.1 is Category=Vm; 6.12 (the same on trixie's gcc 14) is Category=VmSlow. The output shows the timings.
/// </summary>
public sealed class HostModuleBuildTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Vm")]
    public Task Kernel_6_1_host_built_module_equals_the_guest_built_one_loads_and_rebuilds_incrementally() => RunAsync("6.1");

    [Fact]
    [Trait("Category", "VmSlow")]
    public Task Kernel_6_12_host_built_module_equals_the_guest_built_one_loads_and_rebuilds_incrementally() => RunAsync("6.12");

    private async Task RunAsync(string seriesName)
    {
        var ct = TestContext.Current.CancellationToken;
        using var loggers = new TestOutputLoggerFactory(output);
        using var temp = new TempDirectory();
        var lab = new VmTestLab(loggers);
        var vexctl = lab.RequireVexctl();
        var image = await lab.ImageAsync(ct, seriesName);
        var sources = temp.Combine("vexfs-kernel");
        VmTestLab.CopyTree(lab.ModuleSources, sources);
        var builder = new HostModuleBuilder(new ToolLocator(), loggers);
        var timeout = TimeSpan.FromMinutes(15);

        // The fault first, so the shared build tree is left in its normal state by the builds after it.
        var fault = await Assert.ThrowsAsync<PhaseFailedException>(() => builder.BuildAsync(image, sources, "build-warning", timeout, temp.Combine("fault"), ct));
        Assert.Equal(FailureClass.Build, fault.FailureClass);
        Assert.Contains("warning", fault.Message, StringComparison.Ordinal);

        // How many objects this rebuilds depends on what the shared tree held before (a VmIntegration run,
        // another fault): only those whose flags differ. The fault's failed objects at least.
        var full = await builder.BuildAsync(image, sources, null, timeout, temp.Combine("full"), ct);
        output.WriteLine($"host build after the fault build ({CompiledObjects(full.Output).Count} objects): {full.Duration.TotalSeconds:F1} s");
        Assert.NotEmpty(CompiledObjects(full.Output));
        Assert.True(File.Exists(full.ModulePath), full.Output);

        // Kbuild's compiler probes are remembered: the edit's make asks none of them again.
        var probes = Path.Combine(HostModuleBuilder.BuildDirectoryIn(full.Sysroot), KbuildProbeCache.FileName);
        var probed = await File.ReadAllLinesAsync(probes, ct);
        Assert.True(probed.Length >= 20 && probed.Where((_, i) => i % 2 == 0).All(l => l.StartsWith('C')), string.Join('\n', probed));

        await File.AppendAllTextAsync(Path.Combine(sources, "search.c"), "/* a one-line edit */\n", ct);
        var edit = await builder.BuildAsync(image, sources, null, timeout, temp.Combine("edit"), ct);
        output.WriteLine($"host build after a one-line edit: {edit.Duration.TotalSeconds:F1} s");
        Assert.Equal(["search.c"], edit.ChangedSources);
        Assert.Equal(["search.o"], CompiledObjects(edit.Output)); // the cached answers are Kbuild's: no other object's flags changed
        Assert.Equal(probed, await File.ReadAllLinesAsync(probes, ct));
        Assert.True(edit.CompileLines.Count >= 10 && edit.CompileLines.Keys.All(k => k.StartsWith(HostModuleBuilder.ChrootBuildDirectory + "/", StringComparison.Ordinal)));

        // Nothing changed, the same make line: make does not run at all, and the module is the edit's.
        var again = await builder.BuildAsync(image, sources, null, timeout, temp.Combine("again"), ct);
        output.WriteLine($"host build with nothing changed: {again.Duration.TotalSeconds:F1} s");
        Assert.True(again.UpToDate);
        Assert.Empty(again.ChangedSources);
        Assert.Equal("", again.Output);
        Assert.Equal(await File.ReadAllBytesAsync(edit.ModulePath, ct), await File.ReadAllBytesAsync(again.ModulePath, ct));
        Assert.Equal(edit.CompileLines, again.CompileLines);

        var runDir = temp.Combine("run");
        Directory.CreateDirectory(runDir);
        await using var guest = await lab.BootAsync(runDir, ct, seriesName);
        var module = new GuestModule(guest.Session, loggers.For<GuestModule>());
        var inGuestInstall = ModuleInstalls.For(new ModuleInstallSettings(sources, vexctl) { BuildTimeout = timeout, ModuleBuild = ModuleBuildMode.Guest, Delivery = SourceDelivery.Sftp }, runDir, loggers);
        await inGuestInstall.DeliverAsync(guest, ct);
        var guestBuild = System.Diagnostics.Stopwatch.StartNew();
        await inGuestInstall.BuildAsync(guest, ct);
        output.WriteLine($"guest build (every file): {guestBuild.Elapsed.TotalSeconds:F1} s");
        var inGuest = await ModinfoAsync(guest.Session, ct);
        var touch = await guest.Session.RunAsync($"echo '/* again */' >> {GuestPaths.ModuleSources}/search.c && {KbuildMake.GuestCommand(GuestPaths.ModuleSources, null)}", timeout, ct);
        Assert.True(touch.Succeeded, touch.Stdout);
        output.WriteLine($"guest build after a one-line edit: {touch.Duration.TotalSeconds:F1} s");

        // The host variant builds the same sources again (nothing to recompile: the module of the edit) and uploads it.
        var onHostInstall = ModuleInstalls.For(new ModuleInstallSettings(sources, vexctl) { BuildTimeout = timeout, ModuleBuild = ModuleBuildMode.Host, Delivery = SourceDelivery.Sftp }, temp.Combine("host-run"), loggers);
        await onHostInstall.BuildAsync(guest, ct);
        await onHostInstall.DeliverAsync(guest, ct);
        var onHost = await ModinfoAsync(guest.Session, ct);
        output.WriteLine(string.Join('\n', onHost.Select(kv => $"{kv.Key}: {kv.Value}")));
        Assert.StartsWith(guest.KernelRelease + " ", onHost["vermagic"], StringComparison.Ordinal);
        Assert.Equal(inGuest, onHost);

        await module.LoadAsync(ct);
        var status = await module.CheckStatusAsync(guest.KernelRelease, ct);
        Assert.Equal(guest.KernelRelease, (string?)status["kernelRelease"]);
        await module.UnloadAsync(ct);
    }

    /// <summary>Every modinfo field of the module in the guest but its file name (srcversion hashes the sources).</summary>
    private static async Task<SortedDictionary<string, string>> ModinfoAsync(GuestSession session, CancellationToken ct)
    {
        var result = await session.RunAsync($"modinfo {GuestPaths.Module}", TimeSpan.FromSeconds(60), ct);
        Assert.True(result.Succeeded, result.Stderr);
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var key = line[..colon];
            if (key != "filename")
            {
                fields[key] = fields.TryGetValue(key, out var before) ? before + "; " + line[(colon + 1)..].Trim() : line[(colon + 1)..].Trim();
            }
        }

        Assert.Contains("vermagic", fields.Keys);
        Assert.Contains("srcversion", fields.Keys);
        return fields;
    }

    /// <summary>The objects a Kbuild run compiled ("  CC [M]  /build/vexfs/search.o"), by file name.</summary>
    private static List<string> CompiledObjects(string makeOutput) =>
        [.. makeOutput.Split('\n').Where(l => l.TrimStart().StartsWith("CC [M]", StringComparison.Ordinal) && !l.Contains(".mod.o", StringComparison.Ordinal))
            .Select(l => Path.GetFileName(l.Trim()))];
}
