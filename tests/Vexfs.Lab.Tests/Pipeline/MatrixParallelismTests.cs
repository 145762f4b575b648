using Microsoft.Extensions.Logging;
using Vexfs.Lab.Pipeline;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Pipeline;

/// <summary>--parallel 0: how many kernels run side by side, and how their lines are told apart.</summary>
public sealed class MatrixParallelismTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(3, 2, 24_000, 1024, 1)] // this machine: one guest keeps both cores busy, so kernels run in turn
    [InlineData(3, 4, 24_000, 1024, 2)]
    [InlineData(3, 8, 24_000, 2048, 3)]
    [InlineData(3, 8, 4_000, 2048, 1)] // memory for one guest only
    [InlineData(1, 16, 64_000, 2048, 1)]
    [InlineData(2, 1, 1_000, 2048, 1)] // never below one
    [InlineData(3, 1, 24_000, 1024, 1)] // one core: one guest
    public void The_default_is_the_smallest_of_kernels_half_the_cores_and_the_memory(int kernels, int cores, long memory, int vmMemory, int expected) =>
        Assert.Equal(expected, MatrixParallelism.Default(kernels, cores, memory, vmMemory));

    [Fact]
    public void The_available_memory_is_read_from_the_host() =>
        Assert.InRange(MatrixParallelism.AvailableMemoryMiB(), 1, long.MaxValue);

    [Fact]
    public void Each_line_of_a_kernel_run_side_by_side_starts_with_its_name()
    {
        var recorded = new RecordingOutput(output);
        using var loggers = new TestOutputLoggerFactory(recorded);
        var logger = new KernelPrefixedLoggers(loggers, "6.12").CreateLogger("Vexfs.Lab.Pipeline.VmIntegrationRunner");

        logger.LogInformation("phase {Phase}: started", "boot");

        Assert.Contains("[6.12] phase boot: started", recorded.Output, StringComparison.Ordinal);
    }
}
