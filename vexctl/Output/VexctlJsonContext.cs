using System.Text.Json.Serialization;

namespace Vexctl.Output;

/// <summary>Source-generated JSON for every report (no reflection; safe under NativeAOT).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(SearchReport))]
[JsonSerializable(typeof(VectorReport))]
[JsonSerializable(typeof(BenchReport))]
[JsonSerializable(typeof(MkfsReport))]
internal sealed partial class VexctlJsonContext : JsonSerializerContext;
