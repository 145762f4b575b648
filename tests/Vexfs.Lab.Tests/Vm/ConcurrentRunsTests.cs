using Vexfs.Lab.Images;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Pipeline;
using Vexfs.Lab.Tests.Support;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>
/// Two complete VmIntegration runs of 6.1 at once on the same image cache (the lab's own runner, each with
/// its own artifacts directory): both pass. Then no private key material may appear in anything they
/// wrote or logged. Two TCG guests on a shared host: many minutes, VmSlow.
/// </summary>
[Trait("Category", "VmSlow")]
[Collection(SerialRuns.Name)]
public sealed class ConcurrentRunsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_runs_at_once_on_one_cache_both_pass_and_leak_no_private_key()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = RepoRoot.Find();
        var vexctl = Path.Combine(repo, "artifacts", "vexctl", "vexctl");
        if (!File.Exists(vexctl))
        {
            var (published, text) = await BuildScript.RunAsync(["PublishVexctl"], ct);
            Assert.True(published == 0, text);
        }

        var log = new RecordingOutput(output);
        using var loggers = new TestOutputLoggerFactory(log, Microsoft.Extensions.Logging.LogLevel.Debug);
        var vm = new VmTestLab(loggers);
        var lab = vm.Options;
        var images = vm.Images;
        var series = VmTestLab.Series();
        var image = await images.EnsureAsync(series, ct);
        var accel = vm.Accel;
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        Task<RunReport> RunAsync(string artifacts)
        {
            var options = new IntegrationOptions(lab, Path.Combine(repo, "vexfs-kernel"), vexctl, artifacts,
                Path.Combine(repo, "tests", "Vexfs.Integration.Tests", "Vexfs.Integration.Tests.csproj"), BenchVectors: 200, BenchQueries: 20)
            {
                // The default module build: both runs share the image's build root and its build lock.
                ModuleBuild = ModuleBuildMode.Host,
                SourceDelivery = SourceDelivery.Sftp,
            };
            var launcher = new GuestLauncher(lab, new GuestImageCache(lab, loggers), accel, loggers);
            return new VmIntegrationRunner(options, launcher, accel.Name, loggers).RunAsync(series, ct);
        }

        var reports = await Task.WhenAll(RunAsync(first.Path), RunAsync(second.Path));

        foreach (var report in reports)
        {
            output.WriteLine($"{report.Verdict} {report.FailureClass} {report.FailureReason} in {report.Duration.TotalSeconds:F0} s");
        }

        Assert.All(reports, r => Assert.True(r.Verdict == Verdict.Passed, $"{r.FailureClass}: {r.FailureReason}"));
        var markers = SecretScan.MarkersOf(image.PrivateKeyPath);
        Assert.True(markers.Count > 2, "the key has no body lines to look for");
        Assert.Empty(SecretScan.Files(first.Path, markers).Concat(SecretScan.Files(second.Path, markers)));
        Assert.Empty(SecretScan.Text(log.Output, markers));
    }
}
