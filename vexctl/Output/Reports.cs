namespace Vexctl.Output;

/// <summary>`vexctl status --json`.</summary>
internal sealed record StatusReport(
    uint AbiVersion,
    uint VexctlAbiVersion,
    uint FormatVersion,
    string ModuleVersion,
    string KernelRelease,
    uint Mounts,
    ulong FilesWithVectors,
    ulong Searches,
    ulong VectorBytes,
    IReadOnlyList<MountReport>? MountDetails);

/// <summary>One entry of <see cref="StatusReport.MountDetails"/>.</summary>
internal sealed record MountReport(
    string Device,
    uint VectorDim,
    uint InodeCount,
    uint FreeInodes,
    ulong BlockCount,
    ulong FreeBlocks,
    ulong FilesWithVectors,
    ulong Searches);

/// <summary>`vexctl search --json`; Path is null when the inode was not found under the mount.</summary>
internal sealed record SearchReport(string Metric, int K, int Count, IReadOnlyList<SearchHit> Results);

internal sealed record SearchHit(int Rank, ulong Ino, long Distance, string? Path);

/// <summary>`vexctl vec get --json`.</summary>
internal sealed record VectorReport(string Path, int Dim, IReadOnlyList<int> Vector);

/// <summary>`vexctl bench` (always JSON).</summary>
internal sealed record BenchReport(
    int Vectors,
    int Queries,
    int Dim,
    int K,
    string Metric,
    ulong Seed,
    double InsertsPerSecond,
    double SearchesPerSecond,
    LatencySummary InsertLatencyUs,
    LatencySummary SearchLatencyUs);

/// <summary>Latency percentiles in microseconds (nearest-rank).</summary>
internal sealed record LatencySummary(double P50, double P90, double P99, double Max);

/// <summary>`vexctl mkfs --json`: the layout written.</summary>
internal sealed record MkfsReport(
    string Device,
    ulong BlockCount,
    uint InodeCount,
    uint VectorDim,
    uint InodeBitmapStart,
    uint BlockBitmapStart,
    uint InodeTableStart,
    uint VectorTableStart,
    uint DataStart,
    uint FreeBlocks,
    uint FreeInodes,
    string Uuid,
    string Label);
