using System.Globalization;
using Vexfs.Lab.Host;

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

    /// <summary>The gdb commands, one per -ex: target, then the module's symbols and where its sources are.</summary>
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
            // At a terminal add-symbol-file asks "(y or n)", and what the developer types next would
            // answer it; `with` turns the question off for this one command (batch mode never asks).
            commands.Add("with confirm off -- " + Module.AddSymbolFile());
            if (Module.Sources is { } sources)
            {
                commands.Add(sources.Command());
            }
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

/// <summary>The module's sources: the directory the compiler saw (in the chroot or the guest) and the same files on the host.</summary>
public sealed record SourceMap(string CompiledIn, string OnHost)
{
    public string Command() => $"set substitute-path {CompiledIn} {OnHost}";
}
