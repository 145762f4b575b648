using System.Runtime.CompilerServices;
using CliWrap;
using Vexfs.Lab.KernelLog;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.KernelLog;

// Boots the real Debian kernel with the fault module under QEMU (TCG) and scans what the serial console
// captured. Needs the work directory Fixtures/kernel-logs/source/make-fixtures.sh builds (kernel, initramfs);
// point VEXFS_FAULTMOD_WORKDIR at it. Without it the test is skipped, saying so.
public class KernelLogLiveBootTests
{
    private static string SourceDir([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "Fixtures", "kernel-logs", "source"));

    [Theory]
    [InlineData("warn", FailureClass.Warning)]
    [InlineData("null", FailureClass.Oops)]
    public async Task Live_boot_with_a_faulting_module_is_classified(string mode, FailureClass expected)
    {
        var work = Environment.GetEnvironmentVariable("VEXFS_FAULTMOD_WORKDIR");
        if (string.IsNullOrEmpty(work))
        {
            Assert.Skip("set VEXFS_FAULTMOD_WORKDIR to a directory made by Fixtures/kernel-logs/source/make-fixtures.sh");
        }

        var name = $"live-{mode}-{Guid.NewGuid():N}";
        await Cli.Wrap(Path.Combine(SourceDir(), "boot.sh"))
            .WithArguments([work, name, $"faultmode={mode}"])
            .ExecuteAsync(TestContext.Current.CancellationToken);
        var raw = Path.Combine(work, "logs", $"{name}.raw");
        var console = await File.ReadAllTextAsync(raw, TestContext.Current.CancellationToken);
        File.Delete(raw);
        File.Delete(Path.Combine(work, "logs", $"{name}.qemu.out"));

        // The init script dumps dmesg onto the console too, so the same report is seen twice and merged.
        var findings = KernelLogScanner.Scan(console, KernelLogScanner.ConsoleSource);
        Assert.Equal(2, findings.Count);
        var merged = Assert.Single(KernelLogScanner.Merge(findings));
        Assert.Equal(expected, merged.Class);
        Assert.Equal(expected, KernelLogScanner.ClassifyVerdict(findings));
        Assert.Contains("faultmod_init", merged.Block, StringComparison.Ordinal);
    }
}
