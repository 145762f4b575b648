using System.Globalization;
using Vexctl.Abi;
using Vexctl.Cli;

namespace Vexctl.Vectors;

/// <summary>
/// Parses vector text: numbers separated by commas and/or whitespace. Without quantisation each value
/// is an integer in -128..127 taken as is; with it, real numbers are scaled by <see cref="Quantizer"/>.
/// </summary>
internal static class VectorParser
{
    private static readonly char[] Separators = [',', ' ', '\t', '\r', '\n'];

    public static sbyte[] Parse(string text, bool quantize)
    {
        var tokens = text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            throw VexctlException.Usage("the vector is empty: give numbers separated by commas or spaces, e.g. 1,-2,3");
        }

        if (tokens.Length > VexfsAbi.MaxDim)
        {
            throw VexctlException.Usage($"the vector has {tokens.Length} values; vexfs allows at most {VexfsAbi.MaxDim}");
        }

        return quantize ? Quantizer.Quantize(ParseReals(tokens)) : ParseInt8(tokens);
    }

    private static sbyte[] ParseInt8(string[] tokens)
    {
        var result = new sbyte[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!int.TryParse(tokens[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            {
                throw VexctlException.Usage(
                    $"value {i + 1} ('{tokens[i]}') is not an integer; give integers in -128..127, or real numbers with --quantize");
            }

            if (v is < sbyte.MinValue or > sbyte.MaxValue)
            {
                throw VexctlException.Usage(
                    $"value {i + 1} ({v}) is out of range -128..127; scale your data, or pass --quantize to scale it to int8");
            }

            result[i] = (sbyte)v;
        }

        return result;
    }

    private static double[] ParseReals(string[] tokens)
    {
        var result = new double[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!double.TryParse(tokens[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            {
                throw VexctlException.Usage($"value {i + 1} ('{tokens[i]}') is not a finite number");
            }

            result[i] = v;
        }

        return result;
    }
}
