using System.Text;

namespace Vexfs.Targets;

/// <summary>Name conversions shared by options, environment variables and enum values.</summary>
internal static class Naming
{
    /// <summary><c>VmMemory</c> → <c>vm-memory</c>.</summary>
    public static string ToKebabCase(string name)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary><c>VmMemory</c> → <c>VM_MEMORY</c>, the spelling the docs show for environment variables.</summary>
    public static string ToEnvironmentName(string name) => ToKebabCase(name).Replace('-', '_').ToUpperInvariant();

    /// <summary>Letters and digits only, upper-case: how NUKE matches environment variable names.</summary>
    public static string Trim(string name) =>
        new string([.. name.Where(char.IsLetterOrDigit)]).ToUpperInvariant();

    /// <summary>
    /// NUKE's rule for target and parameter names given by a user: dashes, underscores and case do not count
    /// (<c>vm-integration</c>, <c>VMINTEGRATION</c> and <c>VmIntegration</c> are one name).
    /// </summary>
    public static bool SameName(string given, string name) => Trim(given) == Trim(name);

    /// <summary>The value users write for an enum member: <c>Mmdebstrap</c> → <c>mmdebstrap</c>.</summary>
    public static string EnumValue(Enum value) => ToKebabCase(value.ToString());

    public static IReadOnlyList<string> EnumValues(Type enumType) =>
        [.. Enum.GetValues(enumType).Cast<Enum>().Select(EnumValue)];

    /// <summary>The closest candidate within a small edit distance, for "did you mean".</summary>
    public static string? Suggest(string input, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Candidate: c, Distance: Distance(input.ToUpperInvariant(), c.ToUpperInvariant())))
            .OrderBy(x => x.Distance)
            .FirstOrDefault();
        return best.Candidate is not null && best.Distance <= Math.Max(2, input.Length / 3) ? best.Candidate : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
