using System.Text.RegularExpressions;
using Vexfs.Lab.Kernel;

namespace Vexfs.Build.Tests.Workbench;

/// <summary>
/// The generated GitLab pipeline as gitlab-ci-local (npm, installed by the test into a temporary folder) reads it:
/// it validates against GitLab's schema and expands the kernel matrix into one VM job per series, after host.
/// Running the jobs themselves is the GitLabLocal target (a host job inside HostCheck would run HostCheck again).
/// </summary>
public sealed class GitLabPipelineTests
{
    public const string GitLabCiLocalPackage = "gitlab-ci-local@4.65.1";

    [Fact]
    public async Task Gitlab_ci_local_lists_the_host_job_one_VM_job_per_kernel_and_the_debug_job()
    {
        var directory = Directory.CreateTempSubdirectory("vexfs-gitlab-").FullName;
        try
        {
            var install = await Repository.RunAsync("npm", ["install", "--prefix", directory, "--no-save", "--no-audit", "--no-fund", GitLabCiLocalPackage], directory);
            Assert.True(install.ExitCode == 0, $"npm install {GitLabCiLocalPackage} failed: {install.StandardError}");
            var tool = Path.Combine(directory, "node_modules", ".bin", "gitlab-ci-local");

            // gitlab-ci-local joins --state-dir and --file to the working directory: give them relative to it.
            var state = Path.GetRelativePath(Repository.Root, Path.Combine(directory, "state"));
            var list = await Repository.RunAsync(tool, ["--list", "--state-dir", state]);

            Assert.True(list.ExitCode == 0, "gitlab-ci-local --list failed: " + list.StandardOutput + list.StandardError);
            Assert.Contains("json schema validated", list.StandardOutput + list.StandardError, StringComparison.Ordinal);
            Assert.Matches(@"(?m)^host\s+host\s+on_success\s+false", list.StandardOutput);
            foreach (var series in KernelCatalog.Default.Stock)
            {
                Assert.Matches($@"(?m)^vm: \[{Regex.Escape(series.Name)}\]\s+vm\s+on_success\s+false\s+\[host\]", list.StandardOutput);
            }

            Assert.Matches(@"(?m)^debug\s+vm\s+on_success\s+false\s+\[host\]", list.StandardOutput);

            // A broken definition (a job needing one that does not exist) must be refused.
            var broken = Path.Combine(directory, "broken.yml");
            await File.WriteAllTextAsync(broken, VexfsBuild.Build.GitLabFile.Content.Replace("needs: [host]", "needs: [hots]", StringComparison.Ordinal), TestContext.Current.CancellationToken);
            var bad = await Repository.RunAsync(tool, ["--list", "--file", Path.GetRelativePath(Repository.Root, broken), "--state-dir", state]);
            Assert.NotEqual(0, bad.ExitCode);
            Assert.Contains("hots", bad.StandardOutput + bad.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Pipeline_runs_the_same_commands_as_the_workflow()
    {
        var pipeline = VexfsBuild.Build.GitLabFile.Content;
        var ci = VexfsBuild.Build.Ci;

        Assert.Contains($"    - {ci.HostCommand}\n", pipeline, StringComparison.Ordinal);
        Assert.Contains($"    - {ci.VmCommand("$KERNEL")}\n", pipeline, StringComparison.Ordinal);
        Assert.Contains($"debug:\n  stage: vm\n  needs: [host]\n  timeout: 180m\n  script:\n    - {ci.VmSetupCommand}\n    - {ci.DebugCommand}\n", pipeline, StringComparison.Ordinal);
        Assert.Contains($"      - KERNEL: [{string.Join(", ", KernelCatalog.Default.Stock.Select(s => $"\"{s.Name}\""))}]\n", pipeline, StringComparison.Ordinal);
        Assert.Contains("junit: artifacts/reports/*/junit.xml", pipeline, StringComparison.Ordinal);

        // The VM job keeps the guest image between pipelines, as the workflow does, and still has the NuGet cache.
        var vm = pipeline[pipeline.IndexOf("\nvm:\n", StringComparison.Ordinal)..];
        Assert.Contains("    CACHE_DIR: $CI_PROJECT_DIR/.cache/vexfs\n", vm, StringComparison.Ordinal);
        Assert.Contains("        prefix: vexfs-image-$KERNEL\n", vm, StringComparison.Ordinal);
        Assert.Contains("      paths: [.cache/vexfs/]\n", vm, StringComparison.Ordinal);
        Assert.Contains("      paths: [.nuget/packages/]\n", vm, StringComparison.Ordinal);
        Assert.Contains(ci.HostCommand, VexfsBuild.Build.CiFile.Content, StringComparison.Ordinal);
        Assert.Contains(ci.VmCommand("${{ matrix.kernel }}"), VexfsBuild.Build.CiFile.Content, StringComparison.Ordinal);
    }
}
