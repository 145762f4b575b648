namespace Vexfs.Lab.Host;

/// <summary>
/// Room for an image build in the cache directory. A build holds the root directory, its ext4 image and
/// the qcow2 at once; measured here: ≈1.3 GiB of files plus ≈1.3 GiB of ext4 data plus ≈0.7 GiB of qcow2.
/// </summary>
internal static class CacheSpace
{
    public const long BuildBytes = 3L << 30;

    private const int ENOSPC = 28;

    /// <summary>Fails before a build starts when the cache filesystem has less than <see cref="BuildBytes"/> free.</summary>
    public static void EnsureRoomForBuild(string cacheDir, long required = BuildBytes)
    {
        var free = new DriveInfo(Path.GetFullPath(cacheDir)).AvailableFreeSpace;
        if (free < required)
        {
            throw new LabException(
                $"the image cache {cacheDir} has {free >> 20} MiB free; building a guest image needs about {required >> 30} GiB there",
                "free space on that filesystem, or pass --cache-dir on one with room (the build needs it only while it runs; a finished image takes about 0.7 GiB)");
        }
    }

    /// <summary>A clear error for a build that ran out of space anyway (another process filled the disk meanwhile).</summary>
    public static LabException? Explain(Exception e, string cacheDir) =>
        IsDiskFull(e)
            ? new LabException($"the image cache {cacheDir} ran out of space during the image build ({e.Message}); the partial build was removed", "free space there or pass --cache-dir on a filesystem with room, then retry", e)
            : null;

    private static bool IsDiskFull(Exception e) =>
        (e is IOException io && (io.HResult & 0xFFFF) == ENOSPC)
        || e.Message.Contains("No space left on device", StringComparison.Ordinal)
        || (e.InnerException is { } inner && IsDiskFull(inner));
}
