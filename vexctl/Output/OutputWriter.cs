using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Vexctl.Cli;

namespace Vexctl.Output;

/// <summary>Writes a report as indented JSON (source-generated) or as text.</summary>
internal static class OutputWriter
{
    public static string Json<T>(T report, JsonTypeInfo<T> typeInfo) => JsonSerializer.Serialize(report, typeInfo) + "\n";

    public static async Task WriteAsync(CliIo io, string text, CancellationToken cancellationToken)
    {
        await io.Out.WriteAsync(text.AsMemory(), cancellationToken);
        await io.Out.FlushAsync(cancellationToken);
    }
}
