using Vexfs.Targets.Workbench;

namespace Vexfs.Build.Tests.Workbench;

/// <summary>The committed IDE files and CI workflow are exactly what the build model makes today.</summary>
public sealed class StalenessTests
{
    [Fact]
    public void Committed_IDE_files_match_the_build()
    {
        var files = new VexfsBuild.Build().IdeFileSet;

        var stale = GeneratedFiles.Stale(Repository.Root, files).Select(f => f.RelativePath).ToList();
        var orphans = GeneratedFiles.Orphans(Repository.Root, IdeFiles.RunDirectory, IdeFiles.RunPattern, files);

        Assert.True(
            stale.Count == 0 && orphans.Count == 0,
            $"IDE files are out of date with build/ (stale: {string.Join(", ", stale)}; no longer made: {string.Join(", ", orphans)}). "
            + "Run './build.sh GenerateIde' and commit build/Properties/, .run/ and .vscode/.");
    }

    [Fact]
    public void Committed_CI_workflow_matches_the_build()
    {
        var stale = GeneratedFiles.Stale(Repository.Root, [VexfsBuild.Build.CiFile]);

        Assert.True(
            stale.Count == 0,
            $"{VexfsBuild.Build.CiFile.RelativePath} is out of date with the targets or the kernel catalog. "
            + "Run './build.sh GenerateCi' and commit it.");
    }

    [Fact]
    public void Committed_GitLab_pipeline_matches_the_build()
    {
        var stale = GeneratedFiles.Stale(Repository.Root, [VexfsBuild.Build.GitLabFile]);

        Assert.True(
            stale.Count == 0,
            $"{VexfsBuild.Build.GitLabFile.RelativePath} is out of date with the targets or the kernel catalog. "
            + "Run './build.sh GenerateCi' and commit it.");
    }

    [Fact]
    public void Staleness_is_detected_for_a_changed_and_a_missing_file()
    {
        var root = Directory.CreateTempSubdirectory("vexfs-gen-").FullName;
        try
        {
            GeneratedFile[] files = [new("a/one.json", "{}\n"), new("two.txt", "two\n")];
            Assert.Equal(["a/one.json", "two.txt"], GeneratedFiles.Write(root, files));
            Assert.Empty(GeneratedFiles.Stale(root, files));

            File.WriteAllText(Path.Combine(root, "a", "one.json"), "{ }\n");
            File.Delete(Path.Combine(root, "two.txt"));

            Assert.Equal(["a/one.json", "two.txt"], GeneratedFiles.Stale(root, files).Select(f => f.RelativePath));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
