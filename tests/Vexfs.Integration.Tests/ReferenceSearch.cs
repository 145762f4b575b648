namespace Vexfs.Integration.Tests;

/// <summary>The host's brute-force k-NN, the oracle the in-kernel search is compared with.</summary>
public static class ReferenceSearch
{
    public static IReadOnlyList<SearchHit> Nearest(IReadOnlyDictionary<ulong, int[]> vectors, int[] query, int k, string metric) =>
        vectors
            .Select(kv => new SearchHit(kv.Key, Distance(kv.Value, query, metric)))
            .OrderBy(h => h.Distance)
            .ThenBy(h => h.Ino)
            .Take(k)
            .ToList();

    public static long Distance(int[] a, int[] b, string metric)
    {
        long sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += metric == "l2" ? (long)(a[i] - b[i]) * (a[i] - b[i]) : (long)a[i] * b[i];
        }

        return metric == "l2" ? sum : -sum;
    }

    /// <summary>Deterministic vectors with deliberate duplicates, so ties must be broken by inode number.</summary>
    public static int[][] Generate(int count, int dim, int seed)
    {
        var random = new Random(seed);
        var vectors = new int[count][];
        for (var i = 0; i < count; i++)
        {
            vectors[i] = i % 7 == 3 ? vectors[i - 1] : Enumerable.Range(0, dim).Select(_ => random.Next(-128, 128)).ToArray();
        }

        return vectors;
    }
}
