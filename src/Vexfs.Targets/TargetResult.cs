namespace Vexfs.Targets;

/// <summary>One row of the closing summary.</summary>
public sealed record TargetResult(string Name, TargetStatus Status, TimeSpan Duration, string? Note = null)
{
    /// <summary>The exit code a failed target asked for (<see cref="TargetExitCode"/>); null for the default 1.</summary>
    public int? ExitCode { get; init; }
}
