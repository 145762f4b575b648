using System.Text.Json;

namespace Vexfs.Targets;

/// <summary>
/// The non-argument sources of parameter values. Environment variables match NUKE's rule: the parameter name
/// compared on letters and digits only, ignoring case, optionally prefixed by NUKE (<c>VmMemory</c> is read from
/// <c>VM_MEMORY</c>, <c>VMMEMORY</c>, <c>NUKE_VM_MEMORY</c>...). parameters.json keys are the member names.
/// </summary>
internal sealed class ParameterSources(IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, JsonElement> file)
{
    public const string FileName = "parameters.json";

    public static ParameterSources Load(string rootDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var path = Path.Combine(rootDirectory, ".nuke", FileName);
        if (!File.Exists(path))
        {
            return new ParameterSources(environment, new Dictionary<string, JsonElement>());
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var values = document.RootElement.EnumerateObject()
                .Where(p => !p.Name.StartsWith('$'))
                .ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.OrdinalIgnoreCase);
            return new ParameterSources(environment, values);
        }
        catch (JsonException e)
        {
            throw new UsageException($".nuke/{FileName} is not valid JSON ({e.Message}). Fix or delete the file.");
        }
    }

    public IEnumerable<string> FileKeys => file.Keys;

    /// <summary>The variable that supplies the parameter, or null; more than one match is an error.</summary>
    public (string Name, string Value)? FromEnvironment(string parameterName)
    {
        var trimmed = Naming.Trim(parameterName);
        var matches = environment
            .Where(e => Naming.Trim(e.Key) == trimmed || Naming.Trim(e.Key) == "NUKE" + trimmed)
            .ToList();
        return matches.Count switch
        {
            0 => null,
            1 => (matches[0].Key, matches[0].Value),
            _ => throw new UsageException(
                $"Parameter {parameterName} is set by several environment variables ({string.Join(", ", matches.Select(m => m.Key))}); keep one."),
        };
    }

    /// <summary>The tokens parameters.json gives the parameter, or null when it has no entry.</summary>
    public IReadOnlyList<string>? FromFile(string parameterName)
    {
        if (!file.TryGetValue(parameterName, out var element))
        {
            return null;
        }

        return element.ValueKind switch
        {
            JsonValueKind.Array => [.. element.EnumerateArray().Select(Text)],
            JsonValueKind.Null => null,
            _ => [Text(element)],
        };
    }

    private static string Text(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? element.GetString() ?? "" : element.GetRawText();
}
