using System.Text.Json;

namespace Vexfs.Targets;

/// <summary>
/// The non-argument sources of parameter values. Environment variables match NUKE's rule: the parameter name
/// compared on letters and digits only, ignoring case, optionally prefixed by NUKE (<c>VmMemory</c> is read from
/// <c>VM_MEMORY</c>, <c>VMMEMORY</c>, <c>NUKE_VM_MEMORY</c>...). Files: <c>.nuke/parameters.json</c>, then each
/// <c>--profile NAME</c>'s <c>.nuke/parameters.NAME.json</c> in turn, a later file's key overriding an earlier
/// one's (NUKE's profiles); keys are the member names, compared ignoring case and dashes.
/// </summary>
internal sealed class ParameterSources(IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, ParameterSources.FileValue> file)
{
    public const string FileName = "parameters.json";

    public static ParameterSources Load(string rootDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? profiles = null)
    {
        var values = new Dictionary<string, FileValue>(StringComparer.Ordinal);
        var directory = Path.Combine(rootDirectory, ".nuke");
        var main = Path.Combine(directory, FileName);
        if (File.Exists(main))
        {
            Read(main, values);
        }

        foreach (var profile in profiles ?? [])
        {
            var path = Path.Combine(directory, ProfileFileName(profile));
            if (!File.Exists(path))
            {
                var known = ProfileNames(rootDirectory);
                throw new UsageException($"--profile {profile}: there is no .nuke/{ProfileFileName(profile)}. "
                    + (known.Count == 0 ? "This repository has no profiles; create that file to make one." : $"Known profiles: {string.Join(", ", known)}."));
            }

            Read(path, values);
        }

        return new ParameterSources(environment, values);
    }

    public static string ProfileFileName(string profile) => $"parameters.{profile}.json";

    /// <summary>The profiles of a repository: the NAME of every <c>.nuke/parameters.NAME.json</c>, sorted.</summary>
    public static IReadOnlyList<string> ProfileNames(string rootDirectory)
    {
        var directory = Path.Combine(rootDirectory, ".nuke");
        return Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, "parameters.*.json")
                .Select(f => Path.GetFileName(f)["parameters.".Length..^".json".Length])
                .Where(n => n.Length > 0)
                .Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>Each file key with the file that set it last (for errors).</summary>
    public IEnumerable<(string Key, string File)> FileKeys => file.Values.Select(v => (v.Key, v.File));

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

    /// <summary>The tokens the files give the parameter and the file they come from, or null when none has it.</summary>
    public (IReadOnlyList<string> Tokens, string File)? FromFile(string parameterName)
    {
        if (!file.TryGetValue(Naming.Trim(parameterName), out var entry))
        {
            return null;
        }

        IReadOnlyList<string>? tokens = entry.Value.ValueKind switch
        {
            JsonValueKind.Array => [.. entry.Value.EnumerateArray().Select(Text)],
            JsonValueKind.Null => null,
            _ => [Text(entry.Value)],
        };
        return tokens is null ? null : (tokens, entry.File);
    }

    private static void Read(string path, Dictionary<string, FileValue> values)
    {
        var name = $".nuke/{Path.GetFileName(path)}";
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException($"{name} must hold one JSON object of parameter names and values.");
            }

            foreach (var property in document.RootElement.EnumerateObject().Where(p => !p.Name.StartsWith('$')))
            {
                values[Naming.Trim(property.Name)] = new FileValue(property.Name, property.Value.Clone(), name);
            }
        }
        catch (JsonException e)
        {
            throw new UsageException($"{name} is not valid JSON ({e.Message}). Fix or delete the file.");
        }
    }

    private static string Text(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? element.GetString() ?? "" : element.GetRawText();

    /// <summary>One key of a parameters file: as written, its value, and the file (".nuke/parameters.json").</summary>
    internal sealed record FileValue(string Key, JsonElement Value, string File);
}
