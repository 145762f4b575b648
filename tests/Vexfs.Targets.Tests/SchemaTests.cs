using VexfsBuild;

namespace Vexfs.Targets.Tests;

public sealed class SchemaTests
{
    [Fact]
    public void Committed_schema_matches_the_build()
    {
        var root = RepositoryRoot();
        var committed = File.ReadAllText(Path.Combine(root, ".nuke", SchemaGenerator.FileName));

        var generated = SchemaGenerator.Generate(BuildModel.Create(new Build()));

        Assert.True(
            committed == generated,
            ".nuke/build.schema.json is out of date with build/. Any run of the build rewrites it: run "
            + "'./build.sh --plan' and commit .nuke/build.schema.json.");
    }

    [Fact]
    public void Schema_describes_targets_and_typed_parameters_in_NUKE_layout()
    {
        var schema = SchemaGenerator.Generate(BuildModel.Create(new ParameterBuild()));

        Assert.Contains("\"$schema\": \"http://json-schema.org/draft-04/schema#\"", schema, StringComparison.Ordinal);
        Assert.Matches(@"""ExecutableTarget"": \{\s+""type"": ""string"",\s+""enum"": \[\s+""Deploy"",\s+""Show""\s+\]", schema);
        Assert.Matches(@"""VmMemory"": \{\s+""type"": ""integer"",\s+""format"": ""int32"",\s+""minimum"": 256,\s+""maximum"": 65536,\s+""description"": ""Memory in MiB""", schema);
        Assert.Matches(@"""Flavour"": \{\s+""type"": ""string"",\s+""enum"": \[\s+""plain"",\s+""extra-spicy""\s+\]", schema);
        Assert.Matches(@"""Kernel"": \{\s+""type"": ""array"",\s+""description"": ""Kernel series"",\s+""items"": \{\s+""type"": ""string""", schema);
        Assert.Contains("\"$ref\": \"#/definitions/NukeBuild\"", schema, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VexFS.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("VexFS.slnx not found above " + AppContext.BaseDirectory);
    }
}
