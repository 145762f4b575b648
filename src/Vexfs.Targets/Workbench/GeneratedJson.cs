using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vexfs.Targets.Workbench;

/// <summary>The one JSON layout of every generated file: two-space indent, \n line ends, readable characters.</summary>
public static class GeneratedJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Format(JsonNode node) => node.ToJsonString(Options) + "\n";

    public static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)v)];
}
