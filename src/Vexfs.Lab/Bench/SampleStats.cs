namespace Vexfs.Lab.Bench;

/// <summary>Count, minimum, median and maximum of a benchmark's samples (all zero when there are none).</summary>
public static class SampleStats
{
    public static (int Count, double Min, double Median, double Max) Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToList();
        if (sorted.Count == 0)
        {
            return (0, 0, 0, 0);
        }

        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return (sorted.Count, sorted[0], median, sorted[^1]);
    }
}
