using CliWrap;
using Microsoft.Extensions.Logging.Abstractions;
using Vexfs.Lab.Debug;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Pipeline;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>
/// QEMU's gdb stub as VmShell --gdb opens it: gdb (batch mode) attaches with the command GdbAttach prints,
/// reads the guest's registers, and stops at a breakpoint in vexfs that `vexctl status` in the guest
/// reaches. With the kernel's debug symbols (VmSlow: a 280 MB download once) the backtrace goes on through
/// the kernel's ioctl path, and a breakpoint in the kernel itself works too.
/// Image cache: $VEXFS_IMAGE_CACHE, else ~/.cache/vexfs (VmTestLab). Needs root and artifacts/vexctl/vexctl.
/// </summary>
[Collection(SerialRuns.Name)]
public sealed class GdbStubTests(ITestOutputHelper output)
{
    // The handler of /dev/vexfs's ioctls (control.c): vexctl status ends there.
    private const string StatusHandler = "vexfs_control_ioctl";

    [Fact]
    [Trait("Category", "Vm")]
    public async Task Gdb_attaches_to_the_guest_and_reads_its_registers()
    {
        var ct = TestContext.Current.CancellationToken;
        using var loggers = new TestOutputLoggerFactory(output);
        var (launcher, port) = Launcher(loggers, symbols: false);
        using var temp = new TempDirectory();
        await using var guest = await launcher.BootAsync(VmTestLab.Series(), temp.Combine("run"), new PhaseRecorder(NullLogger.Instance), null, ct);

        var gdb = await RunGdbAsync(new GdbAttach(port), ["info registers", "detach"], null, ct);
        Assert.Matches(@"rip\s+0x[0-9a-f]+", gdb);
        Assert.Matches(@"cr3\s+0x[0-9a-f]+", gdb);

        // Detached, the guest runs on.
        var echo = await guest.Session.RunAsync("echo alive", TimeSpan.FromSeconds(30), ct);
        Assert.Equal("alive\n", echo.Stdout);
    }

    [Fact]
    [Trait("Category", "Vm")]
    public async Task Gdb_with_the_module_symbols_alone_stops_in_the_module_and_reads_its_arguments()
    {
        var ct = TestContext.Current.CancellationToken;
        using var loggers = new TestOutputLoggerFactory(output);
        var (launcher, port) = Launcher(loggers, symbols: false);
        using var temp = new TempDirectory();
        await using var guest = await LaunchWithModuleAsync(launcher, temp, ct);
        var module = await ModuleAsync(guest, temp, ct);
        var attach = new GdbAttach(port, null, module);

        // The start of .text.unlikely is the first function's cold part (its error path): gdb knows it
        // only if the command gave that section's address.
        var coldStart = $"info symbol 0x{module.Sections[".text.unlikely"]:x}";
        var transcript = await RunGdbAsync(
            attach,
            [coldStart, $"break {StatusHandler}", "continue", "bt", "info args", "print file->f_path.dentry->d_iname", "list", "delete", "detach"],
            () => guest.Session.RunAsync(GuestPaths.Vexctl + " status", TimeSpan.FromMinutes(3), ct),
            ct);

        // KASLR is on here: the module's addresses come from the guest, not from a fixed layout.
        Assert.Contains($"hit Breakpoint 1, {StatusHandler} (file=0x", transcript, StringComparison.Ordinal);
        Assert.Matches(@"#0 +vexfs_control_ioctl \(file=0x[0-9a-f]+, cmd=\d+, arg=\d+\) at /build/vexfs/control\.c:\d+", transcript);
        Assert.Matches(@"\$1 = ""vexfs"", '\\000' <repeats \d+ times>", transcript); // the dentry of /dev/vexfs, read through the module's types
        Assert.Contains("vexfs_control_ioctl(struct file *file, unsigned int cmd,", transcript, StringComparison.Ordinal); // `list` from the repository's sources
        Assert.Matches(@"\S+(\.cold|\[cold\]) in section \.text\.unlikely", transcript);
    }

    [Fact]
    [Trait("Category", "VmSlow")]
    public async Task Gdb_with_kernel_symbols_stops_in_the_module_and_bt_shows_the_ioctl_path_into_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var loggers = new TestOutputLoggerFactory(output);
        var (launcher, port) = Launcher(loggers, symbols: true);
        using var temp = new TempDirectory();
        await using var guest = await LaunchWithModuleAsync(launcher, temp, ct);
        var vmlinux = await VmlinuxAsync(guest, loggers, ct);
        var attach = new GdbAttach(port, vmlinux, await ModuleAsync(guest, temp, ct));

        var transcript = await RunGdbAsync(
            attach,
            [$"break {StatusHandler}", "continue", "bt", "info args", "print/x cmd", "delete", "detach"],
            () => guest.Session.RunAsync(GuestPaths.Vexctl + " status", TimeSpan.FromMinutes(3), ct),
            ct);

        Assert.Contains($"hit Breakpoint 1, {StatusHandler} (file=0x", transcript, StringComparison.Ordinal);
        Assert.Matches(@"#0 +vexfs_control_ioctl \(.*\) at /build/vexfs/control\.c:\d+", transcript);
        Assert.Matches(@"#1 +0x[0-9a-f]+ in vfs_ioctl \(.*\) at fs/ioctl\.c:\d+", transcript);
        Assert.Matches(@"#\d +__x64_sys_ioctl \(", transcript);
        Assert.Matches(@"#\d +(0x[0-9a-f]+ in )?do_syscall_64 \(", transcript);
        Assert.Matches(@"#\d +0x[0-9a-f]+ in entry_SYSCALL_64 \(", transcript);
    }

    [Fact]
    [Trait("Category", "VmSlow")]
    public async Task Gdb_with_kernel_symbols_breaks_in_a_syscall_and_prints_the_backtrace()
    {
        var ct = TestContext.Current.CancellationToken;
        using var loggers = new TestOutputLoggerFactory(output);
        var (launcher, port) = Launcher(loggers, symbols: true);
        using var temp = new TempDirectory();
        await using var guest = await launcher.BootAsync(VmTestLab.Series(), temp.Combine("run"), new PhaseRecorder(NullLogger.Instance), null, ct);
        var vmlinux = await VmlinuxAsync(guest, loggers, ct);

        var transcript = await RunGdbAsync(
            new GdbAttach(port, vmlinux),
            ["break ksys_sync", "continue", "bt", "info registers rip", "delete", "detach"],
            () => guest.Session.RunAsync("sync", TimeSpan.FromMinutes(3), ct),
            ct);

        Assert.Contains("Breakpoint 1, ksys_sync", transcript, StringComparison.Ordinal);
        Assert.Matches(@"#1 .* in __do_sys_sync|#1 .*__x64_sys_sync", transcript);
    }

    private static (GuestLauncher Launcher, int Port) Launcher(TestOutputLoggerFactory loggers, bool symbols)
    {
        var port = GdbAttach.PickPort();
        var lab = new VmTestLab(loggers);
        return (new GuestLauncher(lab.Options, lab.Images, lab.Accel, loggers) { GdbPort = port, FixedKernelAddresses = symbols }, port);
    }

    /// <summary>A 6.1 guest with vexfs built on the host (with debug info, as VmShell builds it) and loaded.</summary>
    private static Task<BootedGuest> LaunchWithModuleAsync(GuestLauncher launcher, TempDirectory temp, CancellationToken ct)
    {
        var repo = RepoRoot.Find();
        var vexctl = Path.Combine(repo, "artifacts", "vexctl", "vexctl");
        Assert.True(File.Exists(vexctl), $"{vexctl} is missing: run ./build.sh PublishVexctl first");
        var install = ModuleInstalls.For(HostBuilt(repo, vexctl), temp.Combine("run"), NullLoggerFactory.Instance);
        return launcher.LaunchAsync(VmTestLab.Series(), install, temp.Combine("run"), new PhaseRecorder(NullLogger.Instance), ct);
    }

    private static async Task<ModuleSymbols> ModuleAsync(BootedGuest guest, TempDirectory temp, CancellationToken ct)
    {
        var loaded = await GuestDebugger.ModuleSymbolsAsync(guest.Session, "vexfs", GuestPaths.Module, temp.Combine("gdb"), ct);
        var install = ModuleInstalls.For(HostBuilt(RepoRoot.Find(), ""), temp.Combine("run"), NullLoggerFactory.Instance);
        return loaded with { Sources = GuestDebugger.Sources(install.BuildDirectory, Path.Combine(RepoRoot.Find(), "vexfs-kernel")) };
    }

    private static ModuleInstallSettings HostBuilt(string repo, string vexctl) =>
        new(Path.Combine(repo, "vexfs-kernel"), vexctl) { ModuleBuild = ModuleBuildMode.Host, Delivery = SourceDelivery.Sftp };

    private static async Task<string> VmlinuxAsync(BootedGuest guest, TestOutputLoggerFactory loggers, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(20) };
        return await new KernelDebugSymbols(VmTestLab.CacheDir, loggers).EnsureVmlinuxAsync(guest.Image, http, ct);
    }

    /// <summary>
    /// Runs gdb in batch mode; with a <paramref name="trigger"/>, starts it in the guest once the breakpoint
    /// is set (the guest is stopped from `target remote` to `continue`, so it cannot run past it) and checks
    /// that it succeeded. A breakpoint
    /// that is never hit fails the test after 5 minutes instead of hanging it.
    /// </summary>
    private async Task<string> RunGdbAsync(GdbAttach attach, IEnumerable<string> commands, Func<Task<Vexfs.Lab.Session.CommandResult>>? trigger, CancellationToken ct)
    {
        var arguments = attach.Arguments().Prepend("-batch").Concat(commands.SelectMany(c => new[] { "-ex", c })).ToList();
        output.WriteLine("$ gdb " + string.Join(' ', arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a)));
        var transcript = new System.Text.StringBuilder();
        var breakpointSet = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Line(string line)
        {
            lock (transcript)
            {
                transcript.AppendLine(line);
            }

            if (line.StartsWith("Breakpoint 1 at ", StringComparison.Ordinal))
            {
                breakpointSet.TrySetResult();
            }
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(5));
        var gdb = Cli.Wrap("gdb").WithArguments(arguments).WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(Line)).WithStandardErrorPipe(PipeTarget.ToDelegate(Line))
            .ExecuteAsync(deadline.Token).Task;
        if (trigger is not null)
        {
            await Task.WhenAny(breakpointSet.Task, gdb).WaitAsync(deadline.Token);
            Assert.True(breakpointSet.Task.IsCompleted, "gdb ended before it set the breakpoint:\n" + transcript);
            var triggered = await trigger().WaitAsync(deadline.Token);
            Assert.True(triggered.Succeeded, $"the command that should reach the breakpoint failed: {triggered.Stderr}");
        }

        var result = await gdb;
        output.WriteLine(transcript.ToString());
        Assert.Equal(0, result.ExitCode);
        return transcript.ToString();
    }
}
