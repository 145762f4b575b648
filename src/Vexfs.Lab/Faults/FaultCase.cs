using Vexfs.Reports;

namespace Vexfs.Lab.Faults;

/// <summary>One fault of tests/faults/catalog.json and what the kit must report for it.</summary>
public sealed record FaultCase(string Name, FailureClass Class, string Phase, int DeadlineSeconds, bool Ci, string What)
{
    public TimeSpan Deadline => TimeSpan.FromSeconds(DeadlineSeconds);
}
