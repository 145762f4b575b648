using System.Text.Json;
using Vexctl.Output;

namespace Vexctl.Tests.Output;

/// <summary>The JSON shapes other tools parse: property names, types and nesting.</summary>
public sealed class JsonShapeTests
{
    private static readonly StatusReport Status = new(
        1, 1, 1, "0.1.0", "6.1.0-27-cloud-amd64", 1, 10, 3, 4096,
        [new MountReport("vdb", 128, 4096, 4000, 16384, 16000, 10, 3)]);

    [Fact]
    public void Status_json_has_the_documented_fields()
    {
        using var json = JsonDocument.Parse(OutputWriter.Json(Status, VexctlJsonContext.Default.StatusReport));
        var root = json.RootElement;
        Assert.Equal(
            ["abiVersion", "vexctlAbiVersion", "formatVersion", "moduleVersion", "kernelRelease", "mounts", "filesWithVectors", "searches", "vectorBytes", "mountDetails"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("6.1.0-27-cloud-amd64", root.GetProperty("kernelRelease").GetString());
        Assert.Equal(4096UL, root.GetProperty("vectorBytes").GetUInt64());
        var mount = root.GetProperty("mountDetails")[0];
        Assert.Equal(
            ["device", "vectorDim", "inodeCount", "freeInodes", "blockCount", "freeBlocks", "filesWithVectors", "searches"],
            mount.EnumerateObject().Select(p => p.Name));
        Assert.Equal("vdb", mount.GetProperty("device").GetString());
        Assert.Equal(16000UL, mount.GetProperty("freeBlocks").GetUInt64());
    }

    [Fact]
    public void Search_json_has_rank_ino_distance_and_a_null_path_when_unresolved()
    {
        var report = new SearchReport("l2", 2, 2, [new SearchHit(1, 12, -5, "/mnt/a"), new SearchHit(2, 13, 7, null)]);
        using var json = JsonDocument.Parse(OutputWriter.Json(report, VexctlJsonContext.Default.SearchReport));
        var root = json.RootElement;
        Assert.Equal(["metric", "k", "count", "results"], root.EnumerateObject().Select(p => p.Name));
        var hit = root.GetProperty("results")[0];
        Assert.Equal(["rank", "ino", "distance", "path"], hit.EnumerateObject().Select(p => p.Name));
        Assert.Equal(-5, hit.GetProperty("distance").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("results")[1].GetProperty("path").ValueKind);
    }

    [Fact]
    public void Bench_json_has_rates_and_latency_percentiles()
    {
        var latency = new LatencySummary(1.5, 2, 3, 4);
        var report = new BenchReport(100, 10, 128, 10, "l2", 1, 5000.5, 800, latency, latency);
        using var json = JsonDocument.Parse(OutputWriter.Json(report, VexctlJsonContext.Default.BenchReport));
        var root = json.RootElement;
        Assert.Equal(
            ["vectors", "queries", "dim", "k", "metric", "seed", "insertsPerSecond", "searchesPerSecond", "insertLatencyUs", "searchLatencyUs"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["p50", "p90", "p99", "max"], root.GetProperty("searchLatencyUs").EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.5, root.GetProperty("insertLatencyUs").GetProperty("p50").GetDouble());
    }

    [Fact]
    public void Vector_json_is_path_dim_and_an_int_array()
    {
        var report = new VectorReport("/mnt/a", 3, [1, -2, 127]);
        Assert.Equal(
            "{\n  \"path\": \"/mnt/a\",\n  \"dim\": 3,\n  \"vector\": [\n    1,\n    -2,\n    127\n  ]\n}\n",
            OutputWriter.Json(report, VexctlJsonContext.Default.VectorReport));
    }
}
