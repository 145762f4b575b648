namespace Vexfs.Reports;

/// <summary>Figures of the in-guest insert/search benchmark.</summary>
public sealed record BenchResult(
    long Vectors,
    long Queries,
    int Dim,
    int K,
    double InsertsPerSecond,
    double SearchesPerSecond,
    LatencySummary InsertLatencyUs,
    LatencySummary SearchLatencyUs);
