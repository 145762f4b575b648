namespace Vexfs.Lab.Pipeline;

/// <summary>
/// How many kernels VmIntegration runs side by side when --parallel is 0 (auto): one TCG guest keeps about a
/// core busy while its suite runs, and each needs its memory plus QEMU's own, so the default is the smallest of
/// the kernels asked for, half the cores, and what the free memory holds; never below 1.
/// </summary>
public static class MatrixParallelism
{
    /// <summary>QEMU's own use beside the guest's RAM, and room for the host build, per guest.</summary>
    public const int OverheadMiB = 768;

    public static int Default(int kernels, int cores, long availableMemoryMiB, int vmMemoryMiB) =>
        Math.Max(1, Math.Min(kernels, Math.Min(cores / 2, (int)Math.Min(int.MaxValue, availableMemoryMiB / (vmMemoryMiB + OverheadMiB)))));

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
