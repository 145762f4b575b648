using System.Text.RegularExpressions;

namespace Vexctl.Tests.Support;

/// <summary>The structs (with their field names) and #defines of vexfs.h, read from the header text.</summary>
internal sealed partial record HeaderModel(IReadOnlyDictionary<string, IReadOnlyList<string>> Structs, IReadOnlyDictionary<string, string> Defines)
{
    public static HeaderModel Load(string path)
    {
        var text = File.ReadAllText(path).Replace("\\\n", " ", StringComparison.Ordinal);
        text = BlockComment().Replace(text, " ");
        var structs = new Dictionary<string, IReadOnlyList<string>>();
        foreach (Match m in StructBlock().Matches(text))
        {
            var fields = m.Groups["body"].Value
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(f => f.Length > 0)
                .Select(f => FieldName().Match(f).Groups["name"].Value)
                .ToList();
            structs[m.Groups["name"].Value] = fields;
        }

        var defines = new Dictionary<string, string>();
        foreach (Match m in Define().Matches(text))
        {
            var value = m.Groups["value"].Value.Trim();
            if (value.Length > 0)
            {
                defines[m.Groups["name"].Value] = value;
            }
        }

        return new HeaderModel(structs, defines);
    }

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"struct\s+(?<name>\w+)\s*\{(?<body>[^}]*)\}\s*;")]
    private static partial Regex StructBlock();

    [GeneratedRegex(@"(?<name>\w+)\s*(\[[^\]]*\])?\s*$")]
    private static partial Regex FieldName();

    [GeneratedRegex(@"^[ \t]*#define[ \t]+(?<name>\w+)[ \t]*(?<value>[^\n]*)$", RegexOptions.Multiline)]
    private static partial Regex Define();
}
