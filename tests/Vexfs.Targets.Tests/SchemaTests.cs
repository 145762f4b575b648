namespace Vexfs.Targets.Tests;

public sealed class SchemaTests
{
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

}
