using System.Text.Json;

namespace Vexfs.Nuke;

/// <summary>
/// Shell completion from <c>.nuke/build.schema.json</c>: target names, <c>--kebab-case</c> parameter names, the
/// values of enum parameters and the profiles, so completion follows the build without a generated script per
/// target. Target names are offered as the word was begun: <c>vm</c> completes to NUKE's dashed <c>vm-integration</c>,
/// <c>Vm</c> to <c>VmIntegration</c>; both spellings run the same target.
/// </summary>
internal static class SchemaCompletion
{
    public const string BashScript = """
        # bash completion for nuke (VexFS): eval "$(nuke --completion bash)"
        _vexfs_nuke_complete() {
            local cur="${COMP_WORDS[COMP_CWORD]}" prev=""
            ((COMP_CWORD > 0)) && prev="${COMP_WORDS[COMP_CWORD-1]}"
            mapfile -t COMPREPLY < <(nuke --complete "$cur" "$prev" 2>/dev/null)
        }
        complete -F _vexfs_nuke_complete nuke
        """;

    public static IEnumerable<string> Complete(string schemaPath, string current, string previous, IReadOnlyList<string> profiles)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(schemaPath));
        var root = schema.RootElement;
        var parameters = Parameters(root).ToList();
        var previousParameter = parameters.FirstOrDefault(p => p.Option == previous);
        var targets = Strings(root, "definitions", "ExecutableTarget", "enum");
        var dashed = current.Length > 0 && (char.IsLower(current[0]) || current.Contains('-', StringComparison.Ordinal));
        IEnumerable<string> candidates = previous == "--profile" ? profiles
            : previousParameter.Values is { Count: > 0 } values ? (dashed && values.SequenceEqual(targets) ? values.Select(KebabCase) : values)
            : current.StartsWith('-') ? parameters.Select(p => p.Option)
            : dashed ? targets.Select(KebabCase)
            : targets;
        return candidates.Where(c => c.StartsWith(current, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal);
    }

    private static IEnumerable<(string Option, IReadOnlyList<string> Values)> Parameters(JsonElement root)
    {
        var own = root.GetProperty("allOf")[0].GetProperty("properties").EnumerateObject();
        var engine = root.GetProperty("definitions").GetProperty("NukeBuild").GetProperty("properties").EnumerateObject();
        foreach (var property in own.Concat(engine))
        {
            var element = property.Value.TryGetProperty("items", out var items) ? items : property.Value;
            var values = element.TryGetProperty("enum", out var e) ? e.EnumerateArray().Select(v => v.GetString()!).ToList()
                : element.TryGetProperty("$ref", out var reference) ? Reference(root, reference.GetString()!)
                : [];
            yield return ("--" + KebabCase(property.Name), values);
        }
    }

    private static List<string> Reference(JsonElement root, string reference) =>
        [.. Strings(root, [.. reference.TrimStart('#', '/').Split('/'), "enum"])];

    private static IEnumerable<string> Strings(JsonElement root, params string[] path)
    {
        var element = root;
        foreach (var name in path)
        {
            if (!element.TryGetProperty(name, out element))
            {
                return [];
            }
        }

        return [.. element.EnumerateArray().Select(v => v.GetString()!)];
    }

    // VmMemory → vm-memory, the engine's rule for option names (an upper-case letter after a lower-case one, or
    // before one, starts a word).
    private static string KebabCase(string name) => string.Concat(name.Select((c, i) =>
        char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))
            ? "-" + char.ToLowerInvariant(c)
            : char.ToLowerInvariant(c).ToString()));
}
