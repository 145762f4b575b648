using System.Text.Json.Nodes;

namespace Vexfs.Lab.Machine;

/// <summary>Hot-plugging the virtiofs source share into the running guest; the machine owns its virtiofsd from then on.</summary>
public sealed partial class QemuMachine
{
    private IAsyncDisposable? _share;

    public bool HasShare => _share is not null;

    /// <summary>Where a source share of this machine is staged (inside its run directory).</summary>
    public string ShareDirectory => _files.ShareDirectory;

    /// <summary>The vhost-user socket of this machine's virtiofsd.</summary>
    public string ShareSocket => _files.ShareSocket;

    /// <summary>
    /// Adds a vhost-user-fs device for <paramref name="daemon"/> (a virtiofsd serving <paramref name="socketPath"/>, which the machine stops with itself) with mount tag <paramref name="tag"/>. It is
    /// hot-plugged rather than on the command line because the device blocks migration: a guest with it
    /// could not have been restored from, or saved to, the image's booted state.
    /// </summary>
    public async Task AttachShareAsync(IAsyncDisposable daemon, string socketPath, string tag, CancellationToken ct)
    {
        if (_share is not null)
        {
            throw new InvalidOperationException("the guest already has its source share");
        }

        const string id = "vexfs-share";
        _share = daemon;
        await using var qmp = await QmpClient.ConnectAsync(_files.QmpSocket, ct);
        await qmp.ExecuteAsync("chardev-add", new JsonObject
        {
            ["id"] = id,
            ["backend"] = new JsonObject
            {
                ["type"] = "socket",
                ["data"] = new JsonObject
                {
                    ["addr"] = new JsonObject { ["type"] = "unix", ["data"] = new JsonObject { ["path"] = socketPath } },
                    ["server"] = false,
                },
            },
        }, ct);
        await qmp.ExecuteAsync("device_add", new JsonObject { ["driver"] = "vhost-user-fs-pci", ["id"] = id, ["chardev"] = id, ["tag"] = tag }, ct);
    }

    private async Task StopShareAsync()
    {
        if (_share is not null)
        {
            await _share.DisposeAsync();
            _share = null;
        }
    }
}
