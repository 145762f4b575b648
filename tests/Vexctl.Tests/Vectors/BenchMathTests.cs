using Vexctl.Bench;

namespace Vexctl.Tests.Vectors;

public sealed class BenchMathTests
{
    [Fact]
    public void SplitMix64_matches_the_reference_sequence_for_seed_0()
    {
        var random = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.Next());
    }

    [Fact]
    public void Same_seed_gives_the_same_vectors() =>
        Assert.Equal(new SplitMix64(7).NextVector(64), new SplitMix64(7).NextVector(64));

    [Fact]
    public void Percentiles_use_the_nearest_rank()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToList();
        var summary = LatencyStats.Summarize(values);
        Assert.Equal(50, summary.P50);
        Assert.Equal(90, summary.P90);
        Assert.Equal(99, summary.P99);
        Assert.Equal(100, summary.Max);
        Assert.Equal(new Vexctl.Output.LatencySummary(0, 0, 0, 0), LatencyStats.Summarize([]));
        Assert.Equal(7, LatencyStats.Summarize([7.0]).P99);
    }
}
