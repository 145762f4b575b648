namespace Vexfs.Reports;

/// <summary>Latency percentiles, in the unit named by the property holding it.</summary>
public sealed record LatencySummary(double P50, double P90, double P99, double Max);
