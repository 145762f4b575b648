using Vexctl.Vectors;

namespace Vexctl.Tests.Vectors;

public sealed class QuantizerTests
{
    [Fact]
    public void The_largest_magnitude_maps_to_127_and_signs_are_kept() =>
        Assert.Equal(new sbyte[] { 127, -127, 64, -32, 0 }, Quantizer.Quantize([2.0, -2.0, 1.0, -0.5, 0.0]));

    [Fact]
    public void Halves_round_away_from_zero()
    {
        // 0.5/127 * 127/1 ... values chosen so v * 127 / max is exactly x.5
        Assert.Equal(new sbyte[] { 127, 1, -1, 2 }, Quantizer.Quantize([254.0, 1.0, -1.0, 3.0]));
    }

    [Fact]
    public void A_zero_vector_stays_zero() =>
        Assert.Equal(new sbyte[] { 0, 0, 0 }, Quantizer.Quantize([0.0, -0.0, 0.0]));

    [Fact]
    public void Scaling_is_symmetric_per_vector() =>
        Assert.Equal(Quantizer.Quantize([0.1, 0.2, -0.3]), Quantizer.Quantize([100, 200, -300]));

    [Fact]
    public void Non_finite_values_are_rejected() =>
        Assert.Throws<ArgumentException>(() => Quantizer.Quantize([1.0, double.NaN]));
}
