using System.Diagnostics;
using Vexfs.Lab.Host;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>
/// The kit as a kernel developer uses it: a fresh normal user (made here, since these tests run as
/// root) with a copy of the repository, its own empty image cache and NuGet cache, runs Setup (and,
/// when Setup names a sudo command, root runs exactly that, as the user would with sudo), then the real
/// `./build.sh VmIntegration --kernel 6.1`, from the image build to the verdict. Nothing it leaves
/// may be owned by root or by anyone but the user.
/// </summary>
[Trait("Category", "VmSlow")]
[Collection(SerialRuns.Name)]
public sealed class NormalUserRunTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromMinutes(50);

    [Fact]
    public async Task A_normal_user_runs_VmIntegration_from_image_build_to_verdict_and_leaves_nothing_owned_by_root()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(UserNamespace.IsRoot, "making the normal user needs root (this suite runs as root here and in CI)");
        var user = $"vexfs-nr{Guid.NewGuid():N}"[..16];
        var home = $"/home/{user}";
        try
        {
            await Root(["useradd", "--create-home", "--shell", "/bin/bash", user], ct);
            await GiveSubordinateIdsAsync(user, ct);
            await CopyRepositoryAsync(home, ct);
            await Root(["chown", "-R", $"{user}:{user}", home], ct);

            // The SDK's real location (/usr/bin/dotnet is a link) must be readable and executable by anyone.
            var sdk = new FileInfo("/usr/bin/dotnet").ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? "/usr/bin/dotnet";
            output.WriteLine($"dotnet is {sdk}");
            Assert.Equal(0, (await AsUser(user, home, ["dotnet", "--version"], TimeSpan.FromMinutes(2), ct)).ExitCode);

            var setup = await AsUser(user, home, ["./build.sh", "Setup"], TimeSpan.FromMinutes(20), ct);
            if (setup.ExitCode != 0)
            {
                // Setup names one `sudo sh -c '...'`; root runs its inside, as the user's sudo would.
                var line = setup.Output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("sudo sh -c '", StringComparison.Ordinal));
                Assert.True(line is not null, $"Setup failed without naming a sudo command:\n{setup.Output}");
                output.WriteLine($"Setup asked for: {line}");
                await Root(["sh", "-c", line["sudo sh -c '".Length..^1]], ct);
                setup = await AsUser(user, home, ["./build.sh", "Setup"], TimeSpan.FromMinutes(20), ct);
            }

            Assert.True(setup.ExitCode == 0, $"Setup as {user} failed:\n{setup.Output}");
            Assert.Contains("no root needed from here on", setup.Output, StringComparison.Ordinal);

            var watch = Stopwatch.StartNew();
            // The boot deadline is raised only because this machine may be shared (a TCG boot under a load of 60
            // took 120 s here); the run is otherwise the README's.
            var run = await AsUser(user, home, ["./build.sh", "VmIntegration", "--kernel", "6.1", "--boot-timeout", "400"], RunDeadline, ct);
            output.WriteLine($"VmIntegration as {user}: exit {run.ExitCode} after {watch.Elapsed.TotalSeconds:F0} s");
            if (run.ExitCode != 0)
            {
                await KeepEvidenceAsync(home, run.Output, ct);
            }

            Assert.True(run.ExitCode == 0, $"VmIntegration as {user} failed:\n{Phases(run.Output)}\n{Tail(run.Output)}");
            Assert.Contains($"building guest image", run.Output, StringComparison.Ordinal);
            Assert.Contains("passed", run.Output, StringComparison.Ordinal);
            Assert.True(Directory.EnumerateFiles(Path.Combine(home, "repo", "artifacts", "reports"), "*.json", SearchOption.AllDirectories).Any(),
                "no run report under the user's artifacts/reports");
            Assert.True(Directory.Exists(Path.Combine(home, ".cache", "vexfs")), "the image cache is not under the user's ~/.cache");

            // Root-owned files in the user's tree would be undeletable by the user; files of its subordinate ids in
            // /tmp (an unpacked root filesystem, mmdebstrap's temp dir) too.
            var foreign = await Root(["find", home, "!", "-user", user, "-print"], ct);
            Assert.True(foreign.Trim().Length == 0, $"files in {home} not owned by {user}:\n{foreign}");
            var start = SubordinateStart(await File.ReadAllTextAsync("/etc/subuid", ct), user);
            var strays = await Root(["find", "/tmp", "-maxdepth", "2", "-uid", $"+{start - 1}", "-uid", $"-{start + UnprivilegedHostCheck.IdRangeSize}", "-print"], ct);
            Assert.True(strays.Trim().Length == 0, $"files of {user}'s subordinate ids left in /tmp:\n{strays}");
            // No QEMU, virtiofsd or namespace helper of the run left; the .NET compiler server (VBCSCompiler) is
            // dotnet's own, shared by builds, and ends by itself after its idle timeout. An empty command line is a
            // zombie (a dotnet child its parent has not reaped yet) or a process gone since pgrep.
            var left = (await ProcessesOfAsync(user, ct)).Select(pid => string.Join(' ', ProcessTable.CommandLine(pid)))
                .Where(command => command.Length > 0 && !command.Contains("VBCSCompiler", StringComparison.Ordinal)).ToList();
            Assert.True(left.Count == 0, $"processes of {user} left running: {string.Join("; ", left)}");
        }
        finally
        {
            foreach (var pid in await ProcessesOfAsync(user, CancellationToken.None))
            {
                ProcessTable.Kill(pid);
            }

            await Root(["userdel", "--remove", user], CancellationToken.None, check: false);
        }
    }

    private static long SubordinateStart(string subuid, string user) =>
        subuid.Split('\n').Select(l => l.Split(':')).Where(f => f.Length == 3 && f[0] == user).Select(f => long.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture)).First();

    private static async Task GiveSubordinateIdsAsync(string user, CancellationToken ct)
    {
        // useradd gives a range where login.defs says so; otherwise one past those already given.
        foreach (var (file, option) in new[] { ("/etc/subuid", "--add-subuids"), ("/etc/subgid", "--add-subgids") })
        {
            var text = File.Exists(file) ? await File.ReadAllTextAsync(file, ct) : "";
            if (!UnprivilegedHostCheck.HasRange(text, user))
            {
                var start = UnprivilegedHostCheck.NextFreeStart(text);
                await Root(["usermod", option, $"{start}-{start + UnprivilegedHostCheck.IdRangeSize - 1}", user], ct);
            }
        }
    }

    /// <summary>The sources as a clone would have them: no build output, no git metadata (a worktree's .git is a link).</summary>
    private static async Task CopyRepositoryAsync(string home, CancellationToken ct)
    {
        var repo = Path.Combine(home, "repo");
        Directory.CreateDirectory(repo);
        await Root(["sh", "-c", "tar -C \"$1\" --exclude=./.git --exclude='*/bin' --exclude='*/obj' --exclude=./artifacts --exclude=./.nuke/temp -cf - . | tar -C \"$2\" -xf -",
            "copy", RepoRoot.Find(), repo], ct);
    }

    private static async Task<IReadOnlyList<int>> ProcessesOfAsync(string user, CancellationToken ct)
    {
        var result = await Run(["pgrep", "-u", user], TimeSpan.FromSeconds(30), ct);
        return [.. result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
    }

    private static async Task<string> Root(string[] command, CancellationToken ct, bool check = true)
    {
        var result = await Run(command, TimeSpan.FromMinutes(5), ct);
        if (check && result.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{string.Join(' ', command)}` failed (exit {result.ExitCode}): {result.Output}");
        }

        return result.Output;
    }

    /// <summary>As the user, with a login's environment only (its HOME, so its own NuGet and image caches).</summary>
    private static Task<(int ExitCode, string Output)> AsUser(string user, string home, string[] command, TimeSpan deadline, CancellationToken ct) =>
        Run(["runuser", "-u", user, "--", "env", "-i", $"HOME={home}", $"USER={user}", $"LOGNAME={user}", "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8",
            "sh", "-c", "cd repo && exec \"$@\"", "as-user", .. command], deadline, ct, Path.Combine(home));

    private static async Task<(int ExitCode, string Output)> Run(string[] command, TimeSpan deadline, CancellationToken ct, string? directory = null)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory ?? "/" };
        foreach (var argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start");
        var text = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (text) { text.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (text) { text.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{string.Join(' ', command)}` did not finish within {deadline.TotalMinutes:F0} min:\n{Tail(text.ToString())}");
        }

        lock (text)
        {
            return (process.ExitCode, text.ToString());
        }
    }

    /// <summary>The user's reports and the run's output, kept under this checkout's artifacts/ (the user's home goes).</summary>
    private async Task KeepEvidenceAsync(string home, string runOutput, CancellationToken ct)
    {
        var keep = Path.Combine(RepoRoot.Find(), "artifacts", "test-results", "normal-user-run");
        Directory.CreateDirectory(keep);
        await File.WriteAllTextAsync(Path.Combine(keep, "vmintegration.log"), runOutput, ct);
        await Root(["cp", "-r", Path.Combine(home, "repo", "artifacts", "reports"), keep], ct, check: false);
        output.WriteLine($"the run's output and reports are in {keep}");
    }

    private static string Phases(string text) =>
        string.Join('\n', text.Split('\n').Where(l => l.Contains("phase ", StringComparison.Ordinal) || l.Contains("error", StringComparison.OrdinalIgnoreCase)));

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(60));
}
