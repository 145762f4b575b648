namespace Vexfs.Lab.Pipeline;

/// <summary>
/// How many kernels VmIntegration runs side by side when --parallel is 0 (auto): the smallest of the kernels asked
/// for, half the cores but two where there are two, and what the free memory holds (each guest needs its RAM plus QEMU's own);
/// never below 1. Two on two cores because, measured there, the warm three-kernel matrix took 92.2 s with
/// --parallel 2 against 105.6 s in turn (98.4 against 101.8 s in a second run): a guest's suite waits on SSH and
/// the host often enough that a second guest fills the gaps.
/// </summary>
public static class MatrixParallelism
{
    /// <summary>QEMU's own use beside the guest's RAM, and room for the host build, per guest.</summary>
    public const int OverheadMiB = 768;

    public static int Default(int kernels, int cores, long availableMemoryMiB, int vmMemoryMiB) =>
        Math.Max(1, Math.Min(kernels, Math.Min(Math.Max(Math.Min(2, cores), cores / 2), (int)Math.Min(int.MaxValue, availableMemoryMiB / (vmMemoryMiB + OverheadMiB)))));

    /// <summary>MemAvailable of /proc/meminfo in MiB; the total physical memory the runtime sees where that is missing.</summary>
    public static long AvailableMemoryMiB()
    {
        const string meminfo = "/proc/meminfo";
        if (File.Exists(meminfo))
        {
            foreach (var line in File.ReadLines(meminfo))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts is ["MemAvailable:", var kib, "kB"] && long.TryParse(kib, System.Globalization.CultureInfo.InvariantCulture, out var value))
                {
                    return value / 1024;
                }
            }
        }

        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);
    }
}
