using Microsoft.Extensions.Logging;

namespace Vexfs.Lab.Host;

/// <summary>
/// An exclusive per-key lock file. .NET takes an flock on FileShare.None streams, so the kernel releases
/// it when the holder dies: a crashed build never blocks the next run.
/// </summary>
internal sealed class CacheEntryLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(30);
    private readonly FileStream _stream;

    private CacheEntryLock(FileStream stream) => _stream = stream;

    public static async Task<CacheEntryLock> AcquireAsync(string path, ILogger logger, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var lastLog = DateTimeOffset.MinValue;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                return new CacheEntryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                if (DateTimeOffset.UtcNow - lastLog > LogInterval)
                {
                    logger.LogInformation("waiting for another run that holds {Lock} (it is building the same image)", path);
                    lastLog = DateTimeOffset.UtcNow;
                }

                await Task.Delay(PollInterval, ct);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
