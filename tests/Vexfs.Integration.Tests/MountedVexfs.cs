namespace Vexfs.Integration.Tests;

/// <summary>A mounted vexfs in the guest; disposing unmounts it so every test leaves the disk free.</summary>
public sealed class MountedVexfs(GuestFixture guest, string device, string mountPoint, string options = "") : IAsyncDisposable
{
    public string Device { get; } = device;

    public string Path { get; } = mountPoint;

    public Task MountAsync() => guest.OkAsync($"mount -t vexfs {(options.Length > 0 ? "-o " + options + " " : "")}{Device} {Path}");

    public Task UnmountAsync() => guest.OkAsync($"umount {Path}");

    public async Task RemountAsync()
    {
        await UnmountAsync();
        await MountAsync();
    }

    public async ValueTask DisposeAsync() => await guest.RunAsync($"umount {Path} 2>/dev/null; true");
}
