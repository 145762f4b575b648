using Vexfs.Lab.Debug;

namespace VexfsBuild;

/// <summary>
/// What `VmShell --gdb` leaves for an IDE to attach with: the gdb commands (target, the module's symbols at the
/// addresses the guest reports, the source map) as a script, and a link to the symbol file they name. VS Code's
/// "Attach gdb to VmShell --gdb" entry sources the script; the files name a live guest, so they are rewritten by
/// each VmShell --gdb and mean nothing once it stops.
/// </summary>
internal static class GdbAttachFiles
{
    public const string Script = "artifacts/vmshell/attach.gdb";

    /// <summary>vmlinux when --debug-symbols fetched it, else the module: the file the debugger entry names.</summary>
    public const string Symbols = "artifacts/vmshell/symbols";

    public static async Task WriteAsync(string rootDirectory, GdbAttach attach, CancellationToken ct)
    {
        var script = Path.Combine(rootDirectory, Script);
        Directory.CreateDirectory(Path.GetDirectoryName(script)!);
        var lines = new List<string> { "# Written by ./build.sh VmShell --gdb for the guest it started; valid while that guest runs." };
        lines.AddRange(attach.Vmlinux is { } vmlinux ? [$"file {vmlinux}"] : []);
        lines.AddRange(attach.Commands());
        await File.WriteAllTextAsync(script, string.Join('\n', lines) + "\n", ct);

        var symbols = Path.Combine(rootDirectory, Symbols);
        File.Delete(symbols);
        if ((attach.Vmlinux ?? attach.Module?.ObjectPath) is { } target)
        {
            File.CreateSymbolicLink(symbols, target);
        }
    }
}
