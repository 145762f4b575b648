using Vexfs.Lab.Pipeline;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>--parallel: how many kernels of a VmIntegration matrix run side by side.</summary>
internal sealed partial class Build
{
    [Parameter("VmIntegration: kernels run side by side, their lines prefixed by kernel; 0 picks from the cores and free memory (1 on 2 cores)", Minimum = 0, Maximum = 16)]
    public int Parallel;

    private int MatrixParallel(int kernels) => Parallel > 0
        ? Parallel
        : MatrixParallelism.Default(kernels, Environment.ProcessorCount, MatrixParallelism.AvailableMemoryMiB(), VmMemory);
}
