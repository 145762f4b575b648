namespace Vexfs.Reports.Bench;

/// <summary>One speed goal against what this benchmark measured; Measured is null when it was not measured.</summary>
public sealed record GoalResult(string Goal, double? Measured, string Unit, string Comparison, double Target)
{
    public bool Met => Measured is { } m && (Comparison == "<=" ? m <= Target : m >= Target);
}
