using Vexfs.Reports;

namespace Vexfs.Lab.Faults;

/// <summary>One fault of tests/faults/catalog.json and what the kit must report for it.</summary>
/// <param name="DebugOnly">Only a debug kernel (KASAN, kmemleak, lockdep) can see it; a stock kernel is expected to miss it.</param>
public sealed record FaultCase(string Name, FailureClass Class, string Phase, int DeadlineSeconds, bool Ci, string What, bool DebugOnly = false)
{
    public TimeSpan Deadline => TimeSpan.FromSeconds(DeadlineSeconds);
}
