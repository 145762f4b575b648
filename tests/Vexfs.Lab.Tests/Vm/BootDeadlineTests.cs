using System.Diagnostics;
using Vexfs.Lab.Pipeline;
using Vexfs.Lab.Tests.Support;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>A real guest whose SSH server never starts (its unit masked on the kernel command line): the boot deadline ends the wait.</summary>
[Trait("Category", "Vm")]
[Collection(SerialRuns.Name)]
public sealed class BootDeadlineTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_guest_without_ssh_fails_at_the_boot_deadline_with_the_console_tail_and_no_qemu_left()
    {
        var ct = TestContext.Current.CancellationToken;
        using var loggers = new TestOutputLoggerFactory(output);
        var lab = new VmTestLab(loggers);
        var image = await lab.ImageAsync(ct);
        using var run = new TempDirectory();
        var deadline = TimeSpan.FromSeconds(45);
        var options = lab.Machine(image, run.Path, "systemd.mask=vexfs-ssh.service");

        var watch = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<PhaseFailedException>(async () =>
        {
            // A guest that answers after all is stopped, so that the failed test leaves no QEMU behind.
            await using var answered = await BootedGuest.ColdBootAsync(options, deadline, loggers, null, ct);
        });
        output.WriteLine($"failed after {watch.Elapsed.TotalSeconds:F1} s: {failure.Message}");

        Assert.Equal(FailureClass.Hang, failure.FailureClass);
        Assert.StartsWith("the guest did not answer SSH within 45 s", failure.Message, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, deadline, deadline + TimeSpan.FromSeconds(30));
        var console = (await File.ReadAllTextAsync(run.Combine("console.log"), ct)).TrimEnd('\n', '\r');
        Assert.Contains("Linux version", console, StringComparison.Ordinal);
        // The tail is the console's last lines when the deadline passed (QEMU wrote a little more before it was stopped).
        var tail = failure.Message[(failure.Message.IndexOf("console tail:\n", StringComparison.Ordinal) + "console tail:\n".Length)..].TrimEnd('\n', '\r');
        Assert.True(tail.Split('\n').Length >= 10, $"a short console tail: {tail}");
        Assert.Contains(tail, console, StringComparison.Ordinal);
        Assert.Empty(LabProcesses.QemusMentioning(run.Path));
        Assert.Equal(["console.log"], Directory.EnumerateFileSystemEntries(run.Path).Select(Path.GetFileName));
    }
}
