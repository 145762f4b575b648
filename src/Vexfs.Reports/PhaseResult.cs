namespace Vexfs.Reports;

/// <summary>One phase of a run (image, boot, build, load, tests, unload, log scan...).</summary>
public sealed record PhaseResult(string Name, PhaseStatus Status, TimeSpan Duration, string? Detail = null);
