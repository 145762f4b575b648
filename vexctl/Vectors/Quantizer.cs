namespace Vexctl.Vectors;

/// <summary>
/// Symmetric int8 quantisation: q = round(v * 127 / max|v|), rounding half away from zero, so the
/// largest magnitude maps to ±127 and 0 stays 0; a zero vector stays zero. Distances computed on the
/// quantised vectors rank like those of the originals up to the rounding error (1/254 of max|v|).
/// </summary>
internal static class Quantizer
{
    public static sbyte[] Quantize(ReadOnlySpan<double> values)
    {
        var max = 0.0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"cannot quantise {v}: every value must be a finite number", nameof(values));
            }

            max = Math.Max(max, Math.Abs(v));
        }

        var result = new sbyte[values.Length];
        if (max == 0)
        {
            return result;
        }

        var scale = 127.0 / max;
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = (sbyte)Math.Clamp(Math.Round(values[i] * scale, MidpointRounding.AwayFromZero), -127, 127);
        }

        return result;
    }
}
