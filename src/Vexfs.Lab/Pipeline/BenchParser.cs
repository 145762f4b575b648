using System.Text.Json.Nodes;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>Reads `vexctl bench` JSON into the report's bench record.</summary>
public static class BenchParser
{
    public static BenchResult Parse(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject
            ?? throw new FormatException("vexctl bench did not print a JSON object");
        return new BenchResult(
            Vectors: Required<long>(node, "vectors"),
            Queries: Required<long>(node, "queries"),
            Dim: Required<int>(node, "dim"),
            K: Required<int>(node, "k"),
            InsertsPerSecond: Required<double>(node, "insertsPerSecond"),
            SearchesPerSecond: Required<double>(node, "searchesPerSecond"),
            InsertLatencyUs: Latency(node, "insertLatencyUs"),
            SearchLatencyUs: Latency(node, "searchLatencyUs"));
    }

    private static LatencySummary Latency(JsonObject node, string name)
    {
        var o = node[name] as JsonObject ?? throw new FormatException($"vexctl bench JSON lacks \"{name}\"");
        return new LatencySummary(Required<double>(o, "p50"), Required<double>(o, "p90"), Required<double>(o, "p99"), Required<double>(o, "max"));
    }

    private static T Required<T>(JsonObject node, string name) =>
        node[name] is JsonValue v ? v.GetValue<T>() : throw new FormatException($"vexctl bench JSON lacks \"{name}\"");
}
