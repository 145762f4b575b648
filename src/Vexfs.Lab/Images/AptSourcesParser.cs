namespace Vexfs.Lab.Images;

/// <summary>Parses apt's source lists: one-line style (*.list) and deb822 (*.sources). Only "deb" (binary) entries.</summary>
internal static class AptSourcesParser
{
    public static IEnumerable<AptSource> ParseOneLine(string text, string file)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = StripComment(raw).Trim();
            if (!line.StartsWith("deb ", StringComparison.Ordinal) && !line.StartsWith("deb\t", StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[3..].Trim();
            if (rest.StartsWith('['))
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                rest = close < 0 ? string.Empty : rest[(close + 1)..].Trim();
            }

            var fields = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2)
            {
                yield return new AptSource(fields[0], [fields[1]], file);
            }
        }
    }

    public static IEnumerable<AptSource> ParseDeb822(string text, string file)
    {
        var paragraphs = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split("\n\n");
        foreach (var paragraph in paragraphs)
        {
            var fields = ParseFields(paragraph);
            if (!fields.TryGetValue("types", out var types) || !types.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("deb"))
            {
                continue;
            }

            if (fields.TryGetValue("enabled", out var enabled) && enabled.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var suites = fields.GetValueOrDefault("suites", string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var uri in fields.GetValueOrDefault("uris", string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return new AptSource(uri, suites, file);
            }
        }
    }

    private static Dictionary<string, string> ParseFields(string paragraph)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? current = null;
        foreach (var raw in paragraph.Split('\n'))
        {
            if (raw.TrimStart().StartsWith('#') || raw.Trim().Length == 0)
            {
                continue;
            }

            if ((raw[0] == ' ' || raw[0] == '\t') && current is not null)
            {
                fields[current] += " " + raw.Trim();
                continue;
            }

            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                current = raw[..colon].Trim();
                fields[current] = raw[(colon + 1)..].Trim();
            }
        }

        return fields;
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? line : line[..hash];
    }
}
