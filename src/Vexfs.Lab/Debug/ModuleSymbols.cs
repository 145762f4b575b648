using System.Globalization;
using System.Text;

namespace Vexfs.Lab.Debug;

/// <summary>A module object on the host and the addresses of its sections in the running guest.</summary>
public sealed record ModuleSymbols(string ObjectPath, IReadOnlyDictionary<string, ulong> Sections)
{
    /// <summary>Where the module's source files are on the host, for gdb's list and frame lines.</summary>
    public SourceMap? Sources { get; init; }

    /// <summary>Parses "path:0xaddress" lines (`grep -H . /sys/module/m/sections/.*`); the file name is the section.</summary>
    public static ModuleSymbols Parse(string objectPath, string sysfsLines)
    {
        var sections = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var line in sysfsLines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.LastIndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            var name = Path.GetFileName(line[..colon]);
            var hex = line[(colon + 1)..].Trim();
            if (hex.StartsWith("0x", StringComparison.Ordinal)
                && ulong.TryParse(hex[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var address))
            {
                sections[name] = address;
            }
        }

        return sections.ContainsKey(".text")
            ? new ModuleSymbols(objectPath, sections)
            : throw new LabException("the module's .text address was not in /sys/module/<name>/sections", "is the module loaded? (reading sections needs root)");
    }

    /// <summary>
    /// Whether gdb needs the section's address: the ones that hold code or named data. Every one matters,
    /// or gdb lays the missing ones out at made-up addresses: .text.unlikely holds the functions' cold
    /// parts (their error paths), .init.text the init function. The loader's own tables (.orc_unwind,
    /// .*_sites, .smp_locks, .altinstructions, .symtab, notes) hold nothing a developer names.
    /// </summary>
    public static bool HoldsSymbols(string section) =>
        section.Contains("text", StringComparison.Ordinal)
        || section.Contains("data", StringComparison.Ordinal)
        || section.StartsWith(".bss", StringComparison.Ordinal)
        || section is ".altinstr_replacement" or ".gnu.linkonce.this_module";

    /// <summary>add-symbol-file with .text first (gdb's positional address), then every other section that holds symbols.</summary>
    public string AddSymbolFile()
    {
        var text = new StringBuilder("add-symbol-file ").Append(ObjectPath)
            .Append(" 0x").Append(Sections[".text"].ToString("x", CultureInfo.InvariantCulture));
        foreach (var (name, address) in Sections.Where(s => s.Key != ".text" && HoldsSymbols(s.Key)).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append(" -s ").Append(name).Append(" 0x").Append(address.ToString("x", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
