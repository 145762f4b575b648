using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Logging.Abstractions;
using Vexfs.Lab.Debug;
using Vexfs.Lab.Pipeline;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>
/// QEMU's gdb stub as VmShell --gdb opens it: gdb (batch mode) attaches with the command GdbAttach prints
/// and reads the guest's registers; with the kernel's debug symbols (VmSlow: a 280 MB download once) it
/// stops at a kernel function that a command in the guest calls and prints the backtrace.
/// </summary>
public sealed class GdbStubTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Vm")]
    public async Task Gdb_attaches_to_the_guest_and_reads_its_registers()
    {
        var ct = TestContext.Current.CancellationToken;
        using var loggers = new TestOutputLoggerFactory(output);
        var (launcher, port) = Launcher(loggers, symbols: false);
        using var temp = new TempDirectory();
        await using var guest = await launcher.BootAsync(KernelCatalog.Default.Resolve("6.1"), temp.Combine("run"), new PhaseRecorder(NullLogger.Instance), null, ct);

        var gdb = await RunGdbAsync(new GdbAttach(port), ["info registers", "detach"], ct);
        Assert.Matches(@"rip\s+0x[0-9a-f]+", gdb);
        Assert.Matches(@"cr3\s+0x[0-9a-f]+", gdb);

        // Detached, the guest runs on.
        var echo = await guest.Session.RunAsync("echo alive", TimeSpan.FromSeconds(30), ct);
        Assert.Equal("alive\n", echo.Stdout);
    }

    [Fact]
    [Trait("Category", "VmSlow")]
    public async Task Gdb_with_kernel_symbols_breaks_in_a_syscall_and_prints_the_backtrace()
    {
        var ct = TestContext.Current.CancellationToken;
        using var loggers = new TestOutputLoggerFactory(output);
        var (launcher, port) = Launcher(loggers, symbols: true);
        using var temp = new TempDirectory();
        await using var guest = await launcher.BootAsync(KernelCatalog.Default.Resolve("6.1"), temp.Combine("run"), new PhaseRecorder(NullLogger.Instance), null, ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(20) };
        var vmlinux = await new KernelDebugSymbols(SharedCache(), loggers).EnsureVmlinuxAsync(guest.Image, http, ct);

        var gdb = RunGdbAsync(new GdbAttach(port, vmlinux), ["break ksys_sync", "continue", "bt", "info registers rip", "delete", "detach"], ct);
        await Task.Delay(TimeSpan.FromSeconds(20), ct); // gdb reads the 580 MB vmlinux, then attaches
        var sync = guest.Session.RunAsync("sync", TimeSpan.FromMinutes(2), ct);
        var transcript = await gdb;
        Assert.True((await sync).Succeeded);
        Assert.Contains("Breakpoint 1, ksys_sync", transcript, StringComparison.Ordinal);
        Assert.Matches(@"#1 .* in __do_sys_sync|#1 .*__x64_sys_sync", transcript);
    }

    private static string SharedCache() =>
        Environment.GetEnvironmentVariable("VEXFS_IMAGE_CACHE") ?? Path.Combine(RepoRoot.Find(), "artifacts", "image-cache");

    private static (GuestLauncher Launcher, int Port) Launcher(TestOutputLoggerFactory loggers, bool symbols)
    {
        var lab = new LabOptions(SharedCache(), null, ImageBuilderKind.Mmdebstrap, 2048, 2, AcceleratorKind.Auto, TimeSpan.FromMinutes(5), RepoRoot.Find());
        var accel = new AcceleratorProbe(loggers.For<AcceleratorProbe>()).Choose(AcceleratorKind.Auto);
        var port = GdbAttach.PickPort();
        return (new GuestLauncher(lab, new GuestImageCache(lab, loggers), accel, loggers) { GdbPort = port, FixedKernelAddresses = symbols }, port);
    }

    private async Task<string> RunGdbAsync(GdbAttach attach, IEnumerable<string> commands, CancellationToken ct)
    {
        var arguments = attach.Arguments().Prepend("-batch").Concat(commands.SelectMany(c => new[] { "-ex", c })).ToList();
        output.WriteLine("$ gdb " + string.Join(' ', arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a)));
        var result = await Cli.Wrap("gdb").WithArguments(arguments).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
        var transcript = result.StandardOutput + result.StandardError;
        output.WriteLine(transcript);
        Assert.Equal(0, result.ExitCode);
        return transcript;
    }
}
