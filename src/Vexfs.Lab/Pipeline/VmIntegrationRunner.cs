using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.KernelLog;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>
/// One kernel's real-kernel loop: image, boot, upload, build, load, status, smoke, suite, bench, unload, scan,
/// and the report. Every failure becomes a verdict with a class and a reason; nothing is left running.
/// </summary>
public sealed class VmIntegrationRunner(IntegrationOptions options, GuestLauncher launcher, string accelerator, ILoggerFactory loggers)
{
    private readonly ILogger logger = loggers.CreateLogger<VmIntegrationRunner>();

    public async Task<RunReport> RunAsync(KernelSeries series, CancellationToken ct)
    {
        var reportDir = options.ReportDirectory(series.Name);
        if (Directory.Exists(reportDir))
        {
            Directory.Delete(reportDir, recursive: true);
        }

        Directory.CreateDirectory(reportDir);
        var runDir = Directory.CreateTempSubdirectory($"vexfs-run-{series.Name}-").FullName;
        var state = new RunState(series, DateTimeOffset.UtcNow);
        var phases = new PhaseRecorder(logger);
        var clock = Stopwatch.StartNew();
        await using var commandLog = new StreamWriter(Path.Combine(reportDir, "commands.log")) { AutoFlush = true };
        BootedGuest? guest = null;
        try
        {
            state.Image = await launcher.PrepareImageAsync(series, phases, ct);
            var install = InstallFor(state.Image, runDir);
            guest = await launcher.BootAsync(state.Image, install, runDir, phases, commandLog, ct);
            state.KernelRelease = guest.KernelRelease;
            await RunModulePhasesAsync(guest, install, state, phases, ct);
        }
        catch (PhaseFailedException ex)
        {
            state.Fail(ex.FailureClass, ex.Message);
        }
        catch (SuiteFailedException ex)
        {
            state.Tests = ex.Summary;
            state.Fail(ex.FailureClass, ex.Message);
        }
        catch (LabException ex)
        {
            state.Fail(FailureClass.Infrastructure, ex.Hint is null ? ex.Message : $"{ex.Message} ({ex.Hint})");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            state.Fail(FailureClass.Infrastructure, "cancelled");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A guest that died mid-command (panic) surfaces here as a lost connection; the log scan names it.
            state.Fail(FailureClass.Infrastructure, $"the guest stopped answering: {ex.Message}");
        }
        finally
        {
            await CollectLogsAsync(guest, state, phases, reportDir, ct.IsCancellationRequested);
            await ReleaseGuestAsync(guest, state);
            TryDelete(runDir, guest?.Machine.Keep == true);
        }

        var report = state.ToReport(phases.Phases, clock.Elapsed, options.Lab.Builder.ToString().ToLowerInvariant(), accelerator);
        await ReportWriter.WriteAsync(report, reportDir, CancellationToken.None);
        return report;
    }

    private IModuleInstall InstallFor(GuestImage image, string runDir)
    {
        // A built kernel has no headers package in the guest: its modules are built on the host against its build
        // root. Nor does the hot-plugged share come up in a KASAN guest within a minute (defconfig has no ACPI PCI
        // hot-plug, and after the PCI rescan that finds the device, ACPI's _PRT evaluation runs into
        // AE_AML_LOOP_TIMEOUT on one TCG vCPU; docs/DESIGN-NOTES.md); the transfer disk, attached from the boot, works there.
        var install = options.ModuleInstall;
        var settings = image.BuiltKernel is null ? install : install with { ModuleBuild = ModuleBuildMode.Host, Delivery = install.Delivery == SourceDelivery.Share ? SourceDelivery.Disk : install.Delivery };
        return ModuleInstalls.For(settings, runDir, loggers);
    }

    private async Task RunModulePhasesAsync(BootedGuest guest, IModuleInstall install, RunState state, PhaseRecorder phases, CancellationToken ct)
    {
        var image = state.Image ?? throw new InvalidOperationException("the image is known once the guest booted");
        var debug = image.BuiltKernel?.Flavour == Kernel.KernelBuildSpec.Debug.Flavour ? new DebugKernelChecks(guest.Session, logger) : null;
        if (debug is not null)
        {
            await debug.PrepareAsync(ct);
        }

        var module = await launcher.InstallModuleAsync(guest, install, phases, ct);
        if (debug is not null)
        {
            await debug.RecordModuleAsync(ct);
        }

        state.VexctlStatus = await phases.RunAsync(PhaseNames.Status, c => module.CheckStatusAsync(guest.KernelRelease, c), ct);
        await phases.RunAsync(PhaseNames.Smoke, module.SmokeAsync, ct);
        if (options.RunSuite)
        {
            var suite = new SuiteRunner(loggers.CreateLogger<SuiteRunner>());
            state.Tests = await phases.RunAsync(
                PhaseNames.Tests, c => suite.RunAsync(options.SuiteProject, guest.Machine.Endpoint, state.Series.Name, options.ReportDirectory(state.Series.Name), options.SuiteTimeout, c, options.Tests), ct);
        }
        else
        {
            phases.Skip(PhaseNames.Tests, "not requested");
        }

        if (options.BenchVectors > 0)
        {
            var bench = await phases.RunAsync(PhaseNames.Bench, c => module.RunBenchAsync(options.BenchVectors, options.BenchQueries, TimeSpan.FromMinutes(10), c), ct);
            state.Bench = BenchParser.Parse(bench);
        }
        else
        {
            phases.Skip(PhaseNames.Bench, "not requested");
        }

        await phases.RunAsync(PhaseNames.Unload, module.UnloadAsync, ct);
        if (debug is not null)
        {
            var (leaks, raw) = await debug.ScanAsync(ct);
            state.LeakFindings = leaks;
            await File.WriteAllTextAsync(Path.Combine(options.ReportDirectory(state.Series.Name), "kmemleak.log"), raw, ct);
            await File.WriteAllTextAsync(Path.Combine(options.ReportDirectory(state.Series.Name), "proc-modules.log"), debug.ProcModules, ct);
        }
    }

    private async Task CollectLogsAsync(BootedGuest? guest, RunState state, PhaseRecorder phases, string reportDir, bool cancelled)
    {
        var dmesg = "";
        if (guest is not null && !guest.Machine.HasExited && !cancelled)
        {
            try
            {
                var result = await guest.Session.RunAsync("dmesg", TimeSpan.FromSeconds(30), CancellationToken.None);
                dmesg = result.Stdout;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A guest that just panicked drops the connection (SSH.NET's own exception types).
                logger.LogWarning("could not read dmesg from the guest: {Reason}", ex.Message);
            }
        }

        await File.WriteAllTextAsync(Path.Combine(reportDir, "dmesg.log"), dmesg);
        var console = "";
        if (guest is not null)
        {
            await WaitForQuietConsoleAsync(guest.Machine);
            console = File.Exists(guest.Machine.ConsoleLogPath) ? await File.ReadAllTextAsync(guest.Machine.ConsoleLogPath) : "";
            state.ConsoleTail = string.Join('\n', console.Split('\n').TakeLast(40));
        }

        await File.WriteAllTextAsync(Path.Combine(reportDir, "console.log"), console);
        if (guest is null)
        {
            phases.Skip(PhaseNames.LogScan, "no guest was booted");
            return;
        }

        var clock = Stopwatch.StartNew();
        state.Findings = [.. KernelLogScanner.ScanRun(console, dmesg), .. state.LeakFindings];
        var worst = KernelLogScanner.ClassifyVerdict(state.Findings);
        if (state.Findings.Count > 0)
        {
            var first = state.Findings.First(f => f.Class == worst);
            state.FailFromKernelLog(worst, $"kernel log: {state.Findings.Count} finding(s), worst {worst}: {first.Block.Split('\n').Select(l => (KernelLogLine.Parse(0, l).Message ?? l).Trim()).FirstOrDefault(m => m.Length > 0 && !KernelLogPatterns.Rule.IsMatch(m))}");
        }

        var problems = state.Findings.Count == 0 ? null : $"{state.Findings.Count} finding(s)";
        if (KUnitResults.Apply(state, string.IsNullOrEmpty(dmesg) ? console : dmesg) is { } kunitFailed)
        {
            problems = problems is null ? kunitFailed : $"{problems}; {kunitFailed}";
        }

        phases.Record(new PhaseResult(PhaseNames.LogScan, problems is null ? PhaseStatus.Passed : PhaseStatus.Failed, clock.Elapsed, problems));
    }

    /// <summary>
    /// The last lines of a crash reach the serial console a moment after the command that caused it returned:
    /// wait until console.log has not grown for 100 ms (at most 1 s), or QEMU has exited. A quiet guest costs
    /// 100 ms, where a fixed wait cost 300.
    /// </summary>
    private static async Task WaitForQuietConsoleAsync(Machine.QemuMachine machine)
    {
        var poll = TimeSpan.FromMilliseconds(50);
        long Size() => File.Exists(machine.ConsoleLogPath) ? new FileInfo(machine.ConsoleLogPath).Length : 0;
        var last = Size();
        for (int polls = 0, quiet = 0; polls < 20 && quiet < 2 && !machine.HasExited; polls++)
        {
            await Task.Delay(poll);
            var size = Size();
            quiet = size == last ? quiet + 1 : 0;
            last = size;
        }
    }

    private async Task ReleaseGuestAsync(BootedGuest? guest, RunState state)
    {
        if (guest is null)
        {
            return;
        }

        if (options.KeepVm && state.FailureClass != FailureClass.None && !guest.Machine.HasExited)
        {
            guest.Machine.Keep = true;
            var e = guest.Machine.Endpoint;
            logger.LogWarning(
                "--keep-vm: the failed guest stays up for inspection: ssh -i {Key} -p {Port} -o StrictHostKeyChecking=no {User}@{Host}  (stop it with: kill the qemu-system-x86_64 process of {Dir})",
                e.PrivateKeyPath, e.Port, e.User, e.Host, Path.GetDirectoryName(guest.Machine.ConsoleLogPath));
            await guest.Session.DisposeAsync();
            return;
        }

        await guest.DisposeAsync();
    }

    private void TryDelete(string directory, bool keep)
    {
        if (keep)
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException ex)
        {
            logger.LogWarning("could not remove the run directory {Dir}: {Reason}", directory, ex.Message);
        }
    }
}
