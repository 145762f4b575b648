using Vexctl.Output;

namespace Vexctl.Bench;

/// <summary>Nearest-rank percentiles of latencies in microseconds.</summary>
internal static class LatencyStats
{
    public static LatencySummary Summarize(IReadOnlyCollection<double> microseconds)
    {
        if (microseconds.Count == 0)
        {
            return new LatencySummary(0, 0, 0, 0);
        }

        var sorted = microseconds.Order().ToArray();
        return new LatencySummary(Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 99), sorted[^1]);
    }

    public static double Percentile(double[] sorted, int percent)
    {
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return Math.Round(sorted[Math.Clamp(rank, 1, sorted.Length) - 1], 3);
    }
}
