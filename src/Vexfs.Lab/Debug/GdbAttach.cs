using System.Globalization;
using System.Text;

namespace Vexfs.Lab.Debug;

/// <summary>
/// The gdb command that attaches to a guest through QEMU's gdb stub (-gdb tcp:127.0.0.1:port). With the
/// kernel's vmlinux the guest must run with nokaslr, or its symbols would not match the addresses; a
/// loaded module's symbols come from add-symbol-file at the section addresses the guest reports under
/// /sys/module/&lt;name&gt;/sections (what lx-symbols would do, without the kernel's gdb scripts).
/// </summary>
public sealed record GdbAttach(int Port, string? Vmlinux = null, ModuleSymbols? Module = null)
{
    /// <summary>Kernel arguments a debugged guest needs: fixed addresses for the symbols.</summary>
    public const string KernelArgs = "nokaslr";

    /// <summary>A free loopback port for the stub.</summary>
    public static int PickPort() => FreePort.Pick();

    /// <summary>The gdb commands, one per -ex: target, then the module's symbols.</summary>
    public IReadOnlyList<string> Commands()
    {
        var commands = new List<string>();
        if (Vmlinux is null)
        {
            commands.Add("set architecture i386:x86-64");
        }

        commands.Add($"target remote 127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");
        if (Module is not null)
        {
            commands.Add(Module.AddSymbolFile());
        }

        return commands;
    }

    /// <summary>gdb's argument list: -q [vmlinux] -ex … (for running it; batch callers add their own -ex).</summary>
    public IReadOnlyList<string> Arguments() =>
        ["-q", .. Vmlinux is null ? Array.Empty<string>() : [Vmlinux], .. Commands().SelectMany(c => new[] { "-ex", c })];

    /// <summary>The command line to paste into a shell.</summary>
    public override string ToString() =>
        string.Join(' ', Arguments().Select(Quote));

    private static string Quote(string text) =>
        text.All(c => char.IsAsciiLetterOrDigit(c) || "/._:-=+,@".Contains(c, StringComparison.Ordinal))
            ? text
            : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>A module object on the host and the addresses of its sections in the running guest.</summary>
public sealed record ModuleSymbols(string ObjectPath, IReadOnlyDictionary<string, ulong> Sections)
{
    /// <summary>Parses "name address" lines (from `grep . /sys/module/m/sections/.*` style output: "path:0xaddr").</summary>
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

    public string AddSymbolFile()
    {
        var text = new StringBuilder("add-symbol-file ").Append(ObjectPath)
            .Append(" 0x").Append(Sections[".text"].ToString("x", CultureInfo.InvariantCulture));
        foreach (var (name, address) in Sections.Where(s => s.Key is ".data" or ".bss" or ".rodata" or ".init.text" or ".exit.text").OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append(" -s ").Append(name).Append(" 0x").Append(address.ToString("x", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
