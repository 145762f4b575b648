using System.Threading.Channels;

namespace Vexfs.Lab.ModuleBuild;

/// <summary>
/// Reports edits of the module's sources (Kbuild, Makefile, *.c, *.h) as batches: an editor's save is a
/// burst of events (write, rename, chmod), so a batch closes after a quiet moment.
/// </summary>
public sealed class SourceWatcher : IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private readonly FileSystemWatcher _watcher;
    private readonly Channel<string> _changes = Channel.CreateUnbounded<string>();

    public SourceWatcher(string directory)
    {
        _watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        _watcher.Changed += (_, e) => Offer(e.FullPath);
        _watcher.Created += (_, e) => Offer(e.FullPath);
        _watcher.Deleted += (_, e) => Offer(e.FullPath);
        _watcher.Renamed += (_, e) => Offer(e.FullPath);
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>The sources an edit touched (relative paths), once the edit has settled.</summary>
    public async Task<IReadOnlyList<string>> NextAsync(CancellationToken ct)
    {
        var batch = new SortedSet<string>(StringComparer.Ordinal) { await _changes.Reader.ReadAsync(ct) };
        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
            quiet.CancelAfter(Quiet);
            try
            {
                batch.Add(await _changes.Reader.ReadAsync(quiet.Token));
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return [.. batch];
            }
        }
    }

    public void Dispose() => _watcher.Dispose();

    private void Offer(string path)
    {
        var relative = Path.GetRelativePath(_watcher.Path, path);
        if (ModuleSourceBundle.IsSource(relative))
        {
            _changes.Writer.TryWrite(relative);
        }
    }
}
