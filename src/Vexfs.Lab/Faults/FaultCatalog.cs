using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vexfs.Lab.Faults;

/// <summary>Reads the fault catalogue (tests/faults/catalog.json).</summary>
public static class FaultCatalog
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task<IReadOnlyList<FaultCase>> LoadAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        var file = await JsonSerializer.DeserializeAsync<CatalogFile>(stream, Json, ct)
            ?? throw new LabException($"{path} is empty", "restore it from git");
        return file.Faults;
    }

    /// <summary>The named faults, or every fault (or only the CI subset) when none is named.</summary>
    public static IReadOnlyList<FaultCase> Select(IReadOnlyList<FaultCase> all, IReadOnlyCollection<string> names, bool ciOnly)
    {
        if (names.Count == 0)
        {
            return ciOnly ? all.Where(f => f.Ci).ToList() : all;
        }

        var unknown = names.Where(n => all.All(f => f.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            throw new LabException(
                $"unknown fault(s): {string.Join(", ", unknown)}",
                $"the catalogue has: {string.Join(", ", all.Select(f => f.Name))}");
        }

        return all.Where(f => names.Contains(f.Name)).ToList();
    }

    private sealed record CatalogFile(IReadOnlyList<FaultCase> Faults);
}
