using Microsoft.Extensions.Logging;
using Spectre.Console;
using Vexfs.Lab.Bisect;
using Vexfs.Lab.Host;
using Vexfs.Lab.Pipeline;
using Vexfs.Lab.Setup;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>The real-kernel loop: guest images, VmIntegration, VmShell, and the all-tests target.</summary>
internal sealed partial class Build
{
    private VmLab Lab => new(this);

    private SelectedTestRun Tests => new(DotNet, RootDirectory, ArtifactsDirectory, Logger);

    Target Setup => _ => _
        .Description("As root: install the host packages the kit needs with apt. As yourself: change nothing, check them and what an unprivileged run needs, and name the one sudo command that fixes what is missing. Then restore NuGet packages")
        .Before(Restore)
        .Triggers(Restore)
        .Executes(ct => UserNamespace.IsRoot
            ? new HostPrerequisites(LoggerFactory.CreateLogger<HostPrerequisites>()).EnsureAsync(ct)
            : new NormalUserSetup(LoggerFactory.CreateLogger<NormalUserSetup>()).CheckAsync(ct));

    Target PublishVexctl => _ => _
        .Description("Publish vexctl as a NativeAOT linux-x64 binary to artifacts/vexctl/ (it runs in the bare guest)")
        .DependsOn(Restore)
        // Stamped: an unchanged vexctl cost every VmIntegration 2.8 s of `dotnet publish` finding nothing to do.
        .Inputs(BuildInputs.Vexctl)
        .Outputs(Path.GetRelativePath(RootDirectory, Vexfs.Lab.KitDefaults.VexctlBinary(ArtifactsDirectory)))
        .Executes(async ct =>
        {
            try
            {
                await DotNet.PublishVexctlAsync(ArtifactsDirectory, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // vexctl is the kit's: a commit where it does not publish cannot judge the module (git bisect run skips).
                e.WithExitCode(VerdictExitCode.CannotJudge);
                throw;
            }
        });

    Target GuestImage => _ => _
        .Description("Ensure the guest image of each --kernel series is in the cache (built if missing or corrupt)")
        .Executes(async ct =>
        {
            var lab = Lab;
            var kernels = lab.Series;
            lab.RequireTools(boots: false);
            foreach (var series in kernels)
            {
                var image = await lab.Images.EnsureAsync(series, ct);
                Logger.LogInformation("{Series}: {Release} image {Key} in {Dir}", series.Name, image.KernelRelease, image.Key, image.Directory);
            }
        });

    Target VmIntegration => _ => _
        .Description("For each --kernel: boot the guest, build the module there (W=1), load, check, run the integration suite, unload, scan the log, report")
        .DependsOn(PublishVexctl)
        .After(HostCheck)
        .Executes(async ct =>
        {
            try
            {
                var lab = Lab;
                var series = lab.Series;
                var selected = await SelectTestsAsync(lab, ct);
                var accel = lab.ChooseAccelerator();
                var accelerator = accel.Name;
                var (summary, reports) = await new MatrixRunner(lab.CreateIntegrationOptions() with { Tests = selected }, lab.Launcher(accel), accelerator, LoggerFactory)
                    .RunAsync(nameof(VmIntegration), series, ct, MatrixParallel(series.Count));
                MatrixTable.Write(Console, summary);
                Tally.AddVmRuns(reports);
                if (summary.Verdict != Vexfs.Reports.Verdict.Passed)
                {
                    throw new InvalidOperationException($"VmIntegration failed on {string.Join(", ", summary.Rows.Where(r => r.Verdict != Vexfs.Reports.Verdict.Passed).Select(r => $"{r.Series} ({r.FailureClass})"))}; reports in artifacts/reports/")
                        .WithExitCode(VerdictExitCode.For(summary));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException && TargetExitCode.Of(e) is null)
            {
                // Failing before a verdict (tools, image, accelerator, the suite's build) is the kit's trouble: git bisect run skips it.
                e.WithExitCode(VerdictExitCode.CannotJudge);
                throw;
            }
        });

    Target VmShell => _ => _
        .Description("Boot a guest of the first --kernel with the module built and loaded, print the ssh command, keep it up until Ctrl-C")
        .DependsOn(PublishVexctl)
        .Executes(async ct =>
        {
            var lab = Lab;
            var series = lab.Series[0];
            using var run = new TempRunDirectory($"vexfs-shell-{series.Name}-");
            var runDirectory = run.Path;
            var launcher = ShellLauncher(lab);
            var install = ModuleInstalls.For(lab.CreateIntegrationOptions().ModuleInstall, runDirectory, LoggerFactory);
            var phases = new PhaseRecorder(LoggerFactory.CreateLogger(nameof(VmShell)));
            await using var guest = await launcher.LaunchAsync(series, install, runDirectory, phases, ct);
            var e = guest.Machine.Endpoint;
            Console.MarkupLineInterpolated($"[green]Guest {series.Name} ({guest.KernelRelease}) is up with vexfs loaded.[/]");
            // Commands to copy: written raw, as Spectre would wrap them at the terminal's width.
            var raw = Console.Profile.Out.Writer;
            raw.WriteLine($"  ssh -i {e.PrivateKeyPath} -p {e.Port} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null {e.User}@{e.Host}");
            raw.WriteLine($"  console log: {guest.Machine.ConsoleLogPath}");
            raw.WriteLine($"  ready after {string.Join(", ", phases.Phases.Select(p => $"{p.Name} {p.Duration.TotalSeconds:F1} s"))}");
            if (SourceDelivery == Vexfs.Lab.ModuleBuild.SourceDelivery.Share)
            {
                raw.WriteLine($"  vexfs-kernel/ is shared read-only at {GuestPaths.HostShare}/src: edit on the host, then in the guest");
                raw.WriteLine($"    {Vexfs.Lab.Share.SourceShare.MakeScript} && rmmod vexfs && insmod {GuestPaths.Module}");
                raw.WriteLine($"  (it builds in {GuestPaths.ModuleSources}, a tree of links to the share; vexctl: {GuestPaths.Vexctl})");
            }
            else
            {
                raw.WriteLine($"  the module delivered by {install.DeliveryDetail} to {GuestPaths.ModuleSources} (--source-delivery {SourceDelivery.ToString().ToLowerInvariant()}: no share); vexctl: {GuestPaths.Vexctl}");
            }

            await PrintGdbCommandAsync(launcher, guest, install, runDirectory, ct);
            raw.WriteLine("To run integration tests against this guest from another shell or the IDE, set:");
            var variables = new Dictionary<string, string?>();
            e.ExportTo(variables);
            foreach (var (name, value) in variables)
            {
                raw.WriteLine($"  export {name}='{value}'");
            }

            Console.WriteLine("Press Ctrl-C to stop the guest.");
            try
            {
                await WaitInShellAsync(guest, install, ct);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("stopping the guest…");
            }
        });

    Target LabVmTests => _ => _
        .Description("The VM lab's own real-guest tests (Category=Vm): boot, SSH with a pinned host key, upload, an out-of-tree module")
        .DependsOn(Compile)

        // After the snapshots: Bisect's Vm test runs VmIntegration steps in this checkout, which rewrite artifacts/reports/.
        .After(VmIntegration, ReportSnapshots)
        .Executes(ct => Tests.RunAsync(
            "tests/Vexfs.Lab.Tests/Vexfs.Lab.Tests.csproj",
            "Category=Vm",
            new Dictionary<string, string?> { ["VEXFS_IMAGE_CACHE"] = CacheDirectory },
            "the VM lab's real-guest tests failed; see the output above",
            Tally,
            ct));

    Target ReportSnapshots => _ => _
        .Description("Snapshot-test the normalised report.json of the last VmIntegration run of each --kernel")
        .After(VmIntegration)
        .DependsOn(Compile)
        .Executes(ct => Tests.RunAsync(
            "tests/Vexfs.Integration.Tests/Vexfs.Integration.Tests.csproj",
            "Category=ReportSnapshot",
            new Dictionary<string, string?>
            {
                ["VEXFS_REPORTS_DIR"] = Path.Combine(ArtifactsDirectory, "reports"),
                ["VEXFS_REPORT_SERIES"] = string.Join(',', Lab.Series.Select(s => s.Name)),
            },
            "a normalised report differs from its snapshot: review the diff above; if the change is intended, delete the .snap under tests/Vexfs.Integration.Tests/__snapshots__/ and rerun",
            Tally,
            ct));

    Target Test => _ => _
        .Description("Every test: HostCheck, VmIntegration on the --kernel series, the report snapshots, the CI subset of the fault catalogue, the fuzzer's fixed set, the 6.1-debug lane; ends with the total counts")
        .DependsOn(HostCheck, VmIntegration, LabVmTests, ReportSnapshots, FaultSmoke, FuzzSmoke, DebugKernelSmoke);
}
