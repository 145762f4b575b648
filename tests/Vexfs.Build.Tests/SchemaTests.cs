using Vexfs.Targets;

namespace Vexfs.Build.Tests;

/// <summary>The committed .nuke/build.schema.json is the one this build generates.</summary>
public sealed class SchemaTests
{
    [Fact]
    public void Committed_schema_matches_the_build()
    {
        var root = RepoRoot.Find();
        var committed = File.ReadAllText(Path.Combine(root, ".nuke", SchemaGenerator.FileName));

        var generated = SchemaGenerator.Generate(BuildModel.Create(new VexfsBuild.Build()));

        Assert.True(
            committed == generated,
            ".nuke/build.schema.json is out of date with build/. Any run of the build rewrites it: run "
            + "'./build.sh --plan' and commit .nuke/build.schema.json.");
    }
}
