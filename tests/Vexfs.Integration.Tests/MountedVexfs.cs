using Vexfs.Lab.Pipeline;

namespace Vexfs.Integration.Tests;

/// <summary>
/// A vexfs of a test in the guest: the commands that format, mount and remount it (for scripts), and a
/// dispose that unmounts it so every test leaves the disk free.
/// </summary>
public sealed class MountedVexfs(GuestFixture guest, string device, string mountPoint, int dim, string options = "") : IAsyncDisposable
{
    public string Device { get; } = device;

    public string Path { get; } = mountPoint;

    public int Dim { get; } = dim;

    /// <summary>Unmounts a leftover, formats the device with <see cref="Dim"/> and mounts it.</summary>
    public string FormatAndMountCommand =>
        $"umount {Path} 2>/dev/null; {GuestPaths.Vexctl} mkfs {Device} --dim {Dim} --force >/dev/null && mkdir -p {Path} && {MountCommand}";

    public string MountCommand => $"mount -t vexfs {(options.Length > 0 ? "-o " + options + " " : "")}{Device} {Path}";

    public string UnmountCommand => $"umount {Path}";

    public string RemountCommand => $"{UnmountCommand} && {MountCommand}";

    public Task MountAsync() => guest.OkAsync(MountCommand);

    public Task UnmountAsync() => guest.OkAsync(UnmountCommand);

    public Task RemountAsync() => guest.OkAsync(RemountCommand);

    public async ValueTask DisposeAsync() => await guest.RunAsync($"umount {Path} 2>/dev/null; true");
}
