using System.Text.RegularExpressions;

namespace Vexfs.Lab.Kernel;

/// <summary>
/// A developer's config fragment (--kernel-config) read against the tree's Kconfig files before anything is
/// built: a symbol no Kconfig file declares (a typo, or one the tree's release does not have) is refused at
/// once, rather than after a build root is made and the config generated. Symbols that exist but do not take
/// (their dependencies unmet) are still caught by build-kernel.sh after olddefconfig.
/// </summary>
public static partial class KernelConfigFragment
{
    /// <summary>The symbols <paramref name="fragmentText"/> sets (CONFIG_X=… or "# CONFIG_X is not set"), with their line numbers.</summary>
    public static IReadOnlyList<(string Symbol, int Line)> Symbols(string fragmentText) =>
        [.. fragmentText.Split('\n').Select((l, i) => (Match: Setting().Match(l), Line: i + 1))
            .Where(m => m.Match.Success).Select(m => (m.Match.Groups["set"].Success ? m.Match.Groups["set"].Value : m.Match.Groups["unset"].Value, m.Line))];

    /// <summary>Every symbol a Kconfig file of <paramref name="tree"/> declares (config X / menuconfig X), without the CONFIG_ prefix.</summary>
    public static HashSet<string> Declared(string tree)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in Directory.EnumerateFiles(tree, "Kconfig*", options))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match m in Declaration().Matches(File.ReadAllText(file)))
            {
                declared.Add(m.Groups[1].Value);
            }
        }

        return declared;
    }

    /// <summary>The fragment's symbols that <paramref name="tree"/> does not declare, as "CONFIG_X (line N)".</summary>
    public static IReadOnlyList<string> Unknown(string tree, string fragmentText)
    {
        var declared = Declared(tree);
        return [.. Symbols(fragmentText).Where(s => !declared.Contains(s.Symbol["CONFIG_".Length..])).Select(s => $"{s.Symbol} (line {s.Line})")];
    }

    [GeneratedRegex(@"^\s*(?:(?<set>CONFIG_[A-Za-z0-9_]+)=|#\s*(?<unset>CONFIG_[A-Za-z0-9_]+) is not set)", RegexOptions.CultureInvariant)]
    private static partial Regex Setting();

    [GeneratedRegex(@"^[ \t]*(?:menu)?config[ \t]+([A-Za-z0-9_]+)[ \t]*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Declaration();
}
