namespace Vexctl.Bench;

/// <summary>
/// SplitMix64: a tiny generator whose sequence is fixed by its seed on every .NET version, so a
/// bench run with the same --seed writes the same vectors and queries.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A vector of uniformly distributed int8 values.</summary>
    public sbyte[] NextVector(int dim)
    {
        var vector = new sbyte[dim];
        for (var i = 0; i < dim; i++)
        {
            vector[i] = unchecked((sbyte)(Next() >> 56));
        }

        return vector;
    }
}
