namespace Vexfs.Lab.Pipeline;

/// <summary>
/// How many kernels VmIntegration runs side by side when --parallel 0 (auto): the smallest of the kernels asked
/// for, half the cores, and what the free memory holds (each guest needs its RAM plus QEMU's own); never below 1.
/// One on two cores: since each lane keeps a resident shell, one guest's suite keeps both host cores busy, and the
/// warm three-kernel matrix took 90.2 s in turn against 94.9 s with --parallel 2, and 57.9 against 66.5 s on
/// another machine (sessions 9 and 10; before the resident shell, two side by side had won twice). With today's
/// faster suite it is a tie: 28.6 s in turn against 27.6 s side by side, whole commands, 4 pairs, ratio 0.98
/// (0.86-1.01), with 13 % more CPU side by side (session 18); one keeps the output in one piece.
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
