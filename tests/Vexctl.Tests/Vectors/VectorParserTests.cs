using Vexctl.Cli;
using Vexctl.Vectors;

namespace Vexctl.Tests.Vectors;

public sealed class VectorParserTests
{
    [Theory]
    [InlineData("1,2,3", new sbyte[] { 1, 2, 3 })]
    [InlineData("-128, 127 0", new sbyte[] { -128, 127, 0 })]
    [InlineData(" 5\n-6\t7\r\n", new sbyte[] { 5, -6, 7 })]
    [InlineData("+4,,5", new sbyte[] { 4, 5 })]
    public void Integers_are_taken_as_is(string text, sbyte[] expected) =>
        Assert.Equal(expected, VectorParser.Parse(text, quantize: false));

    [Theory]
    [InlineData("", "the vector is empty")]
    [InlineData(" , ", "the vector is empty")]
    [InlineData("1,128", "value 2 (128) is out of range -128..127")]
    [InlineData("-129", "value 1 (-129) is out of range -128..127")]
    [InlineData("1,0.5", "value 2 ('0.5') is not an integer")]
    [InlineData("x", "value 1 ('x') is not an integer")]
    public void Bad_integer_vectors_are_usage_errors(string text, string message)
    {
        var e = Assert.Throws<VexctlException>(() => VectorParser.Parse(text, quantize: false));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_4096_values_are_rejected()
    {
        var e = Assert.Throws<VexctlException>(() => VectorParser.Parse(string.Join(',', Enumerable.Repeat("1", 4097)), false));
        Assert.Contains("at most 4096", e.Message, StringComparison.Ordinal);
        Assert.Equal(4096, VectorParser.Parse(string.Join(',', Enumerable.Repeat("1", 4096)), false).Length);
    }

    [Fact]
    public void Real_numbers_are_quantised_with_quantize()
    {
        Assert.Equal(new sbyte[] { 127, -64, 0, 13 }, VectorParser.Parse("0.5, -0.25, 0, 0.05", quantize: true));
        Assert.Equal(new sbyte[] { -127, 127 }, VectorParser.Parse("-1e3 1000", quantize: true));
    }

    [Theory]
    [InlineData("1,NaN")]
    [InlineData("1,Infinity")]
    [InlineData("1,abc")]
    public void Non_finite_reals_are_rejected(string text) =>
        Assert.Equal(ExitCodes.Usage, Assert.Throws<VexctlException>(() => VectorParser.Parse(text, quantize: true)).ExitCode);
}
