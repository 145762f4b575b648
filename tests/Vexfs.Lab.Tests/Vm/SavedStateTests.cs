using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Vexfs.Lab.Machine;
using Vexfs.Lab.Pipeline;
using Vexfs.Lab.Tests.Support;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>
/// The saved booted state with real QEMU: a cold boot saves it, two runs restore it (clock set, commands
/// answered, nothing left from the run before), and a truncated or unloadable state falls back to a cold
/// boot that says so. Works on a copy of the 6.1 image entry in a temporary cache (the shared cache is
/// only read; the image is built there first when missing, like GuestBootTests).
/// </summary>
[Trait("Category", "Vm")]
public sealed class SavedStateTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Cold_boot_saves_restores_run_commands_and_a_bad_state_falls_back_to_cold()
    {
        var ct = TestContext.Current.CancellationToken;
        using var loggers = new TestOutputLoggerFactory(output);
        using var temp = new TempDirectory();
        var source = await new VmTestLab(loggers).ImageAsync(ct);
        CopyEntry(source.Directory, Path.Combine(temp.Path, source.Key));

        var launcher = new VmTestLab(loggers, VmTestLab.DefaultOptions(temp.Path)).Launcher;

        var first = await BootAsync(launcher, temp, "cold", ct);
        Assert.Contains("state saved for later runs", first, StringComparison.Ordinal);
        var saved = Directory.GetDirectories(Path.Combine(temp.Path, source.Key, SavedStateStore.Folder)).Single();
        var before = Directory.GetFiles(saved).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        for (var run = 1; run <= 2; run++)
        {
            var detail = await BootAsync(launcher, temp, $"restore {run}", ct, async guest =>
            {
                // The clock is the host's, not the saved moment's; the previous run's file is gone.
                var check = await guest.Session.RunAsync("date +%s; test ! -e /root/marker && echo clean; echo run > /root/marker", TimeSpan.FromSeconds(30), ct);
                var lines = check.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.InRange(long.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 10, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
                Assert.Equal("clean", lines[1]);
            });
            Assert.StartsWith("restored the saved state", detail, StringComparison.Ordinal);
        }

        Assert.Equal(before, Directory.GetFiles(saved).ToDictionary(f => f, File.GetLastWriteTimeUtc));

        // Truncated: the size check refuses it before QEMU starts.
        var state = Path.Combine(saved, SavedState.StateFile);
        await using (var stream = new FileStream(state, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        var truncated = await BootAsync(launcher, temp, "truncated", ct);
        Assert.Contains("cold boot: the saved state is not usable", truncated, StringComparison.Ordinal);
        Assert.Contains("state saved for later runs", truncated, StringComparison.Ordinal);

        // Garbage the sampled check cannot see (its record rewritten to match): QEMU refuses the stream.
        await File.WriteAllBytesAsync(state, new byte[new FileInfo(state).Length], ct);
        await RewriteChecksAsync(saved, ct);
        var garbage = await BootAsync(launcher, temp, "unloadable", ct);
        Assert.Contains("cold boot: restoring the saved state failed", garbage, StringComparison.Ordinal);
        Assert.Contains("state saved for later runs", garbage, StringComparison.Ordinal);

        var again = await BootAsync(launcher, temp, "restore after repair", ct);
        Assert.StartsWith("restored the saved state", again, StringComparison.Ordinal);
    }

    private async Task<string> BootAsync(GuestLauncher launcher, TempDirectory temp, string label, CancellationToken ct, Func<BootedGuest, Task>? check = null)
    {
        var runDir = temp.Combine("runs", Guid.NewGuid().ToString("N"));
        var phases = new PhaseRecorder(NullLogger.Instance);
        var watch = Stopwatch.StartNew();
        await using (var guest = await launcher.BootAsync(VmTestLab.Series(), runDir, phases, null, ct))
        {
            var echo = await guest.Session.RunAsync("echo ready", TimeSpan.FromSeconds(30), ct);
            Assert.Equal("ready\n", echo.Stdout);
            output.WriteLine($"{label}: ready after {watch.Elapsed.TotalSeconds:F2} s");
            if (check is not null)
            {
                await check(guest);
            }
        }

        var boot = phases.Phases.Single(p => p.Name == PhaseNames.Boot);
        output.WriteLine($"{label}: boot phase {boot.Duration.TotalSeconds:F2} s: {boot.Detail}");
        Assert.Equal(PhaseStatus.Passed, boot.Status);
        Assert.DoesNotContain(VmTestLab.CommandLines(), cmd => cmd.Contains(runDir, StringComparison.Ordinal));
        return boot.Detail ?? "";
    }

    private static void CopyEntry(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private static async Task RewriteChecksAsync(string saved, CancellationToken ct)
    {
        var (manifest, _) = await SavedStateManifest.ReadVerifiedAsync(saved, Path.GetFileName(saved), ct);
        Assert.Null(manifest); // the sampled check does see a state overwritten with zeros
        var json = await File.ReadAllTextAsync(Path.Combine(saved, SavedStateManifest.FileName), ct);
        var record = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        var check = await SavedStateManifest.CheckAsync(Path.Combine(saved, SavedState.StateFile), ct);
        record["files"]![SavedState.StateFile]!["sampledSha256"] = check.SampledSha256;
        await File.WriteAllTextAsync(Path.Combine(saved, SavedStateManifest.FileName), record.ToJsonString(), ct);
    }
}
