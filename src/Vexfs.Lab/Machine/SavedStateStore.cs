using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;

namespace Vexfs.Lab.Machine;

/// <summary>
/// Saved booted states inside the image cache entries: &lt;entry&gt;/saved/&lt;shape&gt;/{state.bin, disk.qcow2,
/// saved.json}. They are published under the entry's lock by rename, so a half-written state is never
/// found, and they go when the entry goes.
/// </summary>
public sealed class SavedStateStore
{
    public const string Folder = "saved";
    private readonly string _cacheDir;
    private readonly ToolLocator _tools;
    private readonly ILogger<SavedStateStore> _logger;
    private readonly Lazy<string> _qemuVersion;

    public SavedStateStore(string cacheDir, ILoggerFactory loggers)
        : this(cacheDir, new ToolLocator(), loggers)
    {
    }

    internal SavedStateStore(string cacheDir, ToolLocator tools, ILoggerFactory loggers)
    {
        _cacheDir = cacheDir;
        _tools = tools;
        _logger = loggers.CreateLogger<SavedStateStore>();
        var versions = new ToolVersions(cacheDir);
        _qemuVersion = new Lazy<string>(() => versions.Read(_tools.Require("qemu-system-x86_64", "qemu-system-x86"), "--version"));
    }

    /// <summary>The shape key of a run: a state saved with other settings is never restored into it.</summary>
    public string ShapeOf(QemuOptions options) => SavedStateShape.Compute(options, _qemuVersion.Value).Key;

    public string DirectoryOf(QemuOptions options) => Path.Combine(options.Image.Directory, Folder, ShapeOf(options));

    /// <summary>The verified saved state for this run's shape, or null and why there is none to use.</summary>
    public async Task<(SavedState? State, string Reason)> FindAsync(QemuOptions options, CancellationToken ct)
    {
        var shape = ShapeOf(options);
        var directory = Path.Combine(options.Image.Directory, Folder, shape);
        if (!Directory.Exists(directory))
        {
            return (null, $"no saved state for this image and machine shape ({shape})");
        }

        var (manifest, problem) = await SavedStateManifest.ReadVerifiedAsync(directory, shape, ct);
        if (manifest is null)
        {
            _logger.LogWarning("the saved state {Directory} is not usable: {Problem}", directory, problem);
            return (null, $"the saved state is not usable: {problem}");
        }

        return (new SavedState(directory, shape, manifest.KernelRelease), "");
    }

    /// <summary>
    /// Starts a save under the entry's lock: null (nothing to do) when another run holds the lock or a good
    /// state of this shape exists by now. <paramref name="replace"/>: the existing state failed to restore
    /// although its checks passed, so it goes. The caller fills the draft's files and publishes it.
    /// </summary>
    public async Task<SavedStateDraft?> BeginSaveAsync(QemuOptions options, CancellationToken ct, bool replace = false)
    {
        var (shape, description) = SavedStateShape.Compute(options, _qemuVersion.Value);
        var lockPath = Path.Combine(_cacheDir, "locks", options.Image.Key + ".lock");
        CacheEntryLock entryLock;
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(TimeSpan.FromSeconds(2));
            entryLock = await CacheEntryLock.AcquireAsync(lockPath, _logger, wait.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _logger.LogInformation("not saving the booted state: another run holds {Lock}", lockPath);
            return null;
        }

        try
        {
            var root = Path.Combine(options.Image.Directory, Folder);
            var final = Path.Combine(root, shape);
            if (Directory.Exists(final))
            {
                if (!replace && (await SavedStateManifest.ReadVerifiedAsync(final, shape, ct)).Manifest is not null)
                {
                    entryLock.Dispose();
                    return null;
                }

                _logger.LogWarning("replacing the unusable saved state {Directory}", final);
                Directory.Delete(final, recursive: true);
            }

            // Under the lock no other save is under way: any temp directory is a crashed run's.
            foreach (var stale in Directory.Exists(root) ? Directory.EnumerateDirectories(root, ".tmp-*") : [])
            {
                Directory.Delete(stale, recursive: true);
            }

            var temp = Path.Combine(root, $".tmp-{shape}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(temp);
            return new SavedStateDraft(entryLock, temp, final, shape, description, _tools, _logger);
        }
        catch
        {
            entryLock.Dispose();
            throw;
        }
    }
}
