using System.Globalization;
using System.Text.RegularExpressions;
using Vexfs.Reports;

namespace Vexfs.Lab.KernelLog;

/// <summary>Where a module's code was while it was loaded: /proc/modules' base address and size.</summary>
public sealed record ModuleAddressRange(string Module, ulong Start, ulong Size)
{
    public bool Contains(ulong address) => address >= Start && address - Start < Size;

    /// <summary>The range from /proc/modules' "vexfs 45056 0 - Live 0xffffffffc0228000 (OE)" line, or null.</summary>
    public static ModuleAddressRange? FromProcModules(string procModules, string module)
    {
        foreach (var line in procModules.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 6 && fields[0] == module && fields[5].StartsWith("0x", StringComparison.Ordinal)
                && ulong.TryParse(fields[1], CultureInfo.InvariantCulture, out var size)
                && ulong.TryParse(fields[5].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start) && start != 0)
            {
                return new ModuleAddressRange(module, start, size);
            }
        }

        return null;
    }
}

/// <summary>
/// Reads /sys/kernel/debug/kmemleak: one finding (<see cref="FailureClass.MemoryLeak"/>) per unreferenced
/// object whose allocation backtrace runs through the module. After rmmod the module's frames print as bare
/// addresses ("[&lt;00000000026ee5f9&gt;] 0xffffffffc03f9c62": the bracket is the hashed %p, the raw address is the
/// symbol column), so a frame is the module's when it names it ("[vexfs]") or when its raw address lies in the
/// range recorded while the module was loaded; the block
/// quotes kmemleak's text and ends with a line saying which frames were attributed and why.
/// </summary>
public static partial class KmemleakReport
{
    public const string Source = "kmemleak";

    public static IReadOnlyList<KernelLogFinding> Parse(string text, ModuleAddressRange? range, string module = "vexfs")
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var findings = new List<KernelLogFinding>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("unreferenced object ", StringComparison.Ordinal))
            {
                continue;
            }

            var end = i + 1;
            while (end < lines.Length && lines[end].StartsWith(' '))
            {
                end++;
            }

            var block = lines[i..end];
            var ours = block.Select(l => Attribute(l, range, module)).OfType<string>().ToList();
            if (ours.Count > 0)
            {
                var why = $"  attributed to {module}: {string.Join(", ", ours)}";
                findings.Add(new KernelLogFinding(FailureClass.MemoryLeak, "kmemleak", Source, i + 1, string.Join('\n', block.Append(why))));
            }

            i = end - 1;
        }

        return findings;
    }

    /// <summary>"vexfs_fill_super+0x3d" for a named frame, "0xffffffffc022803d = vexfs+0x803d" for one in the range, else null.</summary>
    private static string? Attribute(string line, ModuleAddressRange? range, string module)
    {
        var m = Frame().Match(line);
        if (!m.Success)
        {
            return null;
        }

        var symbol = m.Groups["sym"].Value.Trim();
        if (symbol.EndsWith($"[{module}]", StringComparison.Ordinal))
        {
            return symbol[..^(module.Length + 2)].Trim();
        }

        // The bracketed address is %p, which the kernel hashes (6.1: "[<00000000026ee5f9>] 0xffffffffc03f9c62");
        // the symbol column of an unloaded module's frame is the raw address (%pS), so that one is the frame's.
        var bare = BareAddress().Match(symbol);
        var address = ulong.Parse(bare.Success ? bare.Groups["addr"].Value : m.Groups["addr"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return range is not null && range.Contains(address)
            ? $"0x{address:x} = {module}+0x{address - range.Start:x} (loaded at 0x{range.Start:x}, {range.Size} bytes)"
            : null;
    }

    [GeneratedRegex(@"^\s+\[<(?<addr>[0-9a-f]+)>\]\s+(?<sym>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Frame();

    [GeneratedRegex(@"^0x(?<addr>[0-9a-f]+)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex BareAddress();
}
