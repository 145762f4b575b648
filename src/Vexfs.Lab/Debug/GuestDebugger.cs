using Vexfs.Lab.Session;

namespace Vexfs.Lab.Debug;

/// <summary>Collects what gdb on the host needs from a running guest: a loaded module's object and section addresses.</summary>
public static class GuestDebugger
{
    /// <summary>
    /// Copies <paramref name="guestObject"/> (the very object the guest loaded, with its debug info) to
    /// <paramref name="hostDirectory"/> and reads where the guest loaded it.
    /// </summary>
    public static async Task<ModuleSymbols> ModuleSymbolsAsync(GuestSession session, string moduleName, string guestObject, string hostDirectory, CancellationToken ct)
    {
        var sections = await session.RunAsync($"grep -H . /sys/module/{moduleName}/sections/.[a-z]*", TimeSpan.FromSeconds(30), ct);
        var copy = await session.RunAsync($"base64 -w0 {guestObject}", TimeSpan.FromSeconds(60), ct);
        if (!copy.Succeeded)
        {
            throw new LabException($"could not read {guestObject} in the guest: {copy.Stderr.Trim()}", "is the module built?");
        }

        Directory.CreateDirectory(hostDirectory);
        var local = Path.Combine(hostDirectory, Path.GetFileName(guestObject));
        await File.WriteAllBytesAsync(local, Convert.FromBase64String(copy.Stdout.Trim()), ct);
        return ModuleSymbols.Parse(local, sections.Stdout);
    }

    /// <summary>The module's sources as gdb finds them: <paramref name="buildDirectory"/> (where the install built it, the directory its debug info names), mapped to <paramref name="hostSources"/>.</summary>
    public static SourceMap Sources(string buildDirectory, string hostSources) => new(buildDirectory, hostSources);
}
