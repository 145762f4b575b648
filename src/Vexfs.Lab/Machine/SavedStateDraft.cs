using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;
using Vexfs.Lab.Images;

namespace Vexfs.Lab.Machine;

/// <summary>
/// A saved state being written: a temp directory inside the entry, held under the entry's lock. Publish
/// points the disk at the entry's root.qcow2 by a relative path (the entry may be copied or moved), writes
/// saved.json and renames the directory into place; dispose removes whatever was not published.
/// </summary>
public sealed class SavedStateDraft : IDisposable
{
    private readonly CacheEntryLock _lock;
    private readonly string _final;
    private readonly string _shape;
    private readonly string _description;
    private readonly ToolLocator _tools;
    private readonly ILogger _logger;
    private bool _published;

    internal SavedStateDraft(CacheEntryLock entryLock, string temp, string final, string shape, string description, ToolLocator tools, ILogger logger)
    {
        _lock = entryLock;
        Directory = temp;
        _final = final;
        _shape = shape;
        _description = description;
        _tools = tools;
        _logger = logger;
    }

    public string Directory { get; }

    public string StatePath => Path.Combine(Directory, SavedState.StateFile);

    public string RamPath => Path.Combine(Directory, GuestRamImage.FileName);

    public string DiskPath => Path.Combine(Directory, SavedState.DiskFile);

    public async Task<SavedState> PublishAsync(string kernelRelease, CancellationToken ct)
    {
        // saved/<shape>/disk.qcow2 → ../../root.qcow2
        await new ExternalTool(_logger).RunAsync(_tools.Require("qemu-img", "qemu-utils"),
            ["rebase", "-u", "-f", "qcow2", "-F", "qcow2", "-b", Path.Combine("..", "..", ImageLayout.RootDisk), DiskPath], ct);
        var files = new Dictionary<string, SavedFileCheck>(StringComparer.Ordinal);
        foreach (var name in SavedState.Files)
        {
            files[name] = await SavedStateManifest.CheckAsync(Path.Combine(Directory, name), ct);
        }

        await new SavedStateManifest(SavedStateManifest.CurrentFormat, _shape, _description, kernelRelease, DateTimeOffset.UtcNow, files)
            .WriteAsync(Directory, ct);
        System.IO.Directory.Move(Directory, _final);
        _published = true;
        _logger.LogInformation("saved booted state published in {Directory} ({Bytes} MiB of RAM)", _final, files[GuestRamImage.FileName].Length >> 20);
        return new SavedState(_final, _shape, kernelRelease);
    }

    public void Dispose()
    {
        try
        {
            if (!_published && System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
        finally
        {
            _lock.Dispose();
        }
    }
}
