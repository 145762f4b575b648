using Microsoft.Extensions.Logging;
using Vexfs.Targets;
using VexfsBuild.Workbench;

namespace VexfsBuild;

/// <summary>The generated GitLab pipeline run for real: its host job and the first kernel's VM job, with gitlab-ci-local.</summary>
internal sealed partial class Build
{
    /// <summary>The last version that runs on Debian 12's Node 18 (later ones bundle yargs 18, which needs Node 20).</summary>
    private const string GitLabCiLocal = "gitlab-ci-local@4.65.1";

    Target GitLabLocal => _ => _
        .Description("Run .gitlab-ci.yml's host job and its first --kernel's VM job here with gitlab-ci-local (npm) on the shell executor; state in artifacts/gitlab-ci-local/")
        .Executes(async ct =>
        {
            foreach (var (tool, package) in new[] { ("npm", "npm"), ("rsync", "rsync"), ("git", "git") })
            {
                if (ToolRunner.FindOnPath(tool) is null)
                {
                    throw new InvalidOperationException($"GitLabLocal needs {tool}: run ./build.sh Setup (or apt-get install {package}).");
                }
            }

            var work = Path.Combine(ArtifactsDirectory, "gitlab-ci-local");
            var prefix = Path.Combine(work, "tool");
            Directory.CreateDirectory(prefix);
            await Tools.RunAsync("npm", ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", GitLabCiLocal], RootDirectory, ct);

            // The pipeline's own cache paths suit a runner; here the jobs share this machine's NuGet and image caches.
            var job = $"vm: [{Lab.Series[0].Name}]";
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            await Tools.RunAsync(
                Path.Combine(prefix, "node_modules", ".bin", "gitlab-ci-local"),
                // --state-dir relative to the root: gitlab-ci-local joins it to the working directory.
                ["--force-shell-executor", "--state-dir", Path.GetRelativePath(RootDirectory, Path.Combine(work, "state")), "--needs", job,
                 "--variable", $"NUGET_PACKAGES={Path.Combine(home, ".nuget", "packages")}",
                 "--variable", $"CACHE_DIR={CacheDirectory}"],
                RootDirectory,
                ct);
            Logger.LogInformation("gitlab-ci-local ran {File}'s host and {Job} jobs green", GitLabPipeline.RelativePath, job);
        });
}
