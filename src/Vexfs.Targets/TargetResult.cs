namespace Vexfs.Targets;

/// <summary>One row of the closing summary.</summary>
public sealed record TargetResult(string Name, TargetStatus Status, TimeSpan Duration, string? Note = null);
