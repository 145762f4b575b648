using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vexfs.Reports;

/// <summary>The one JSON shape of reports: camelCase, enums as their names, indented.</summary>
public static class ReportJson
{
    /// <summary>Shared options; JsonSerializerOptions freezes on first use, so sharing it is safe.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static async Task<RunReport> ReadRunReportAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Report '{path}' does not exist; write it with ReportWriter.WriteAsync first.", path);
        }

        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<RunReport>(stream, Options, ct)
                ?? throw new InvalidDataException($"Report '{path}' holds JSON null instead of a run report.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Report '{path}' is not a valid run report: {e.Message}", e);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            // Reports are files people read, never embedded in HTML: keep '+', '<', quotes in logs as they are.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
