using System.Diagnostics;
using Vexfs.Lab.Images;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>
/// The other kernels and the Packer builder, each built cold once and booted like the 6.1 image.
/// Slower than the Vm category (several minutes each): Category=VmSlow, run on demand and in CI's VM job.
/// </summary>
[Trait("Category", "VmSlow")]
public sealed class OtherImagesTests(ITestOutputHelper output)
{
    [Fact]
    public Task Kernel_6_12_image() => BuildAndBootAsync("6.12", ImageBuilderKind.Mmdebstrap, "6.12.");

    [Fact]
    public Task Latest_kernel_image() => BuildAndBootAsync("latest", ImageBuilderKind.Mmdebstrap, string.Empty);

    [Fact]
    public Task Kernel_6_1_image_made_by_packer() => BuildAndBootAsync("6.1", ImageBuilderKind.Packer, "6.1.");

    private async Task BuildAndBootAsync(string series, ImageBuilderKind builder, string releasePrefix)
    {
        var ct = TestContext.Current.CancellationToken;
        using var loggers = new TestOutputLoggerFactory(output);
        var lab = new VmTestLab(loggers, VmTestLab.DefaultOptions() with { Builder = builder });

        var watch = Stopwatch.StartNew();
        var image = await lab.ImageAsync(ct, series);
        output.WriteLine($"{series} image {image.Key} ({builder}) ready after {watch.Elapsed.TotalSeconds:F1} s (kernel {image.KernelRelease})");
        Assert.StartsWith(releasePrefix, image.KernelRelease, StringComparison.Ordinal);
        Assert.Equal(builder.ToString().ToLowerInvariant(), image.Builder);

        await GuestBootTests.BootAndCheckAsync(image, lab, loggers, output, ct);
    }
}
