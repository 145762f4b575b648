using System.Diagnostics;
using System.Text.Json.Nodes;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Bisect;

/// <summary>
/// The real loop judging real commits: Bisect over a 16-commit history names the commit that compiled a
/// catalogued fault in, and `git bisect run ./build.sh VmIntegration` skips a commit the kit cannot judge
/// (exit 125). Both run ./build.sh of this checkout; the first rewrites artifacts/reports/6.1.
/// </summary>
[Trait("Category", "Vm")]
[Collection(SerialRuns.Name)]
public sealed class BisectVmTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Bisect_names_the_commit_that_added_a_fault_from_the_catalogue()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = RepoRoot.Find();
        var fault = CatalogFault(root, "oops-on-load");
        using var history = TempHistory.Create(root);
        for (var i = 2; i <= 16; i++)
        {
            if (i == 11)
            {
                // The fault compiled in unconditionally, as a careless commit would.
                history.Append("vexfs-kernel/Kbuild", $"ccflags-y += -DVEXFS_FAULT_{fault.Name.Replace('-', '_').ToUpperInvariant()}", $"commit {i}: {fault.What}");
            }
            else
            {
                history.Append("vexfs-kernel/Kbuild", $"# commit {i}: a harmless change", $"commit {i}: a comment");
            }
        }

        var clock = Stopwatch.StartNew();
        using var build = BuildScript.Start([
            "Bisect", "--bisect-repository", history.Path, "--good", history.Commits[0], "--bad", history.Commits[^1],
            "--kernel", "6.1", "--class", fault.Class, "--test", "Persist", "--cache-dir", VmTestLab.CacheDir]);
        var code = await build.WaitAsync(TimeSpan.FromMinutes(40), ct);
        output.WriteLine(build.Output);
        output.WriteLine($"Bisect over 16 commits took {clock.Elapsed.TotalSeconds:F0} s");

        Assert.Equal(0, code);
        Assert.Contains($"first bad commit: {history.Commits[10]} commit 11: {fault.What}", build.Output, StringComparison.Ordinal);
        Assert.Contains($"failure class: {fault.Class}", build.Output, StringComparison.Ordinal);
        var report = build.Output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("report: ", StringComparison.Ordinal))["report: ".Length..];
        Assert.Equal(fault.Class, JsonNode.Parse(await File.ReadAllTextAsync(report, ct))!["failureClass"]!.GetValue<string>());

        // The kit's worktree is gone; the history's own checkout is where it was.
        Assert.Single(history.Git("worktree", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(history.Commits[^1], history.Git("rev-parse", "HEAD").Trim());
        Assert.Empty(history.Git("status", "--porcelain"));
    }

    [Fact]
    public async Task Git_bisect_run_skips_a_commit_the_kit_cannot_judge()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = RepoRoot.Find();
        using var history = TempHistory.Create(root);
        history.Append("vexfs-kernel/Kbuild", "# two", "commit 2");
        history.Append("vexfs-kernel/Kbuild", "# three", "commit 3");
        using var cache = new TempDirectory();

        // An empty image cache and a mirror that refuses connections: the image cannot be built, so no commit can be judged.
        history.Git("bisect", "start", history.Commits[2], history.Commits[0]);
        var run = Process.Start(new ProcessStartInfo("git")
        {
            WorkingDirectory = history.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                "bisect", "run", Path.Combine(root, "build.sh"), "VmIntegration", "--kernel", "6.1", "--skip", "PublishVexctl",
                "--module-source", Path.Combine(history.Path, "vexfs-kernel"), "--cache-dir", cache.Path, "--mirror", "http://127.0.0.1:9/debian",
            },
        })!;
        var stdout = run.StandardOutput.ReadToEndAsync(ct);
        var stderr = run.StandardError.ReadToEndAsync(ct);
        await run.WaitForExitAsync(ct);
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        var log = history.Git("bisect", "log");
        output.WriteLine(log);

        Assert.Contains($"git bisect skip {history.Commits[1]}", log, StringComparison.Ordinal);
        Assert.DoesNotContain("git bisect bad " + history.Commits[1], log, StringComparison.Ordinal);
        Assert.Contains("only 'skip'ped commits left", await stdout + await stderr, StringComparison.Ordinal);
    }

    private static (string Name, string Class, string What) CatalogFault(string root, string name)
    {
        var catalog = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "tests", "faults", "catalog.json")))!;
        var fault = catalog["faults"]!.AsArray().First(f => f!["name"]!.GetValue<string>() == name)!;
        return (name, fault["class"]!.GetValue<string>(), fault["what"]!.GetValue<string>());
    }
}
