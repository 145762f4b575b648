using Vexfs.Lab.Images;

namespace Vexfs.Lab.Tests;

public sealed class ImageCacheKeyTests
{
    private static readonly ImageCacheKey Baseline = new(
        1, "bookworm", "http://deb.debian.org/debian", ["openssh-server", "linux-image-cloud-amd64"], "scripts-hash", "mmdebstrap", "mmdebstrap 1.3.5");

    [Fact]
    public void Same_inputs_give_the_same_key_across_runs()
    {
        var again = Baseline with { Packages = ["openssh-server", "linux-image-cloud-amd64"] };

        Assert.Equal(Baseline.Compute(), again.Compute());
        // Pinned: a change here means every user's cache is invalidated; bump FormatVersion on purpose instead.
        Assert.Equal("bookworm-62e4c23ffea636c1", Baseline.Compute());
    }

    [Fact]
    public void A_trailing_slash_on_the_mirror_does_not_change_the_key()
    {
        Assert.Equal(Baseline.Compute(), (Baseline with { Mirror = "http://deb.debian.org/debian/" }).Compute());
    }

    private static ImageCacheKey Changed(string what) => what switch
    {
        "format" => Baseline with { FormatVersion = 2 },
        "suite" => Baseline with { Suite = "trixie" },
        "mirror" => Baseline with { Mirror = "http://local.mirror/debian" },
        "packages" => Baseline with { Packages = ["openssh-server", "linux-image-cloud-amd64", "gdb"] },
        "package order" => Baseline with { Packages = ["linux-image-cloud-amd64", "openssh-server"] },
        "scripts" => Baseline with { ScriptsHash = "other" },
        "builder" => Baseline with { Builder = "packer" },
        "builder version" => Baseline with { BuilderIdentity = "mmdebstrap 1.5.7" },
        _ => throw new ArgumentOutOfRangeException(nameof(what), what, "no such input"),
    };

    [Theory]
    [InlineData("format")]
    [InlineData("suite")]
    [InlineData("mirror")]
    [InlineData("packages")]
    [InlineData("package order")]
    [InlineData("scripts")]
    [InlineData("builder")]
    [InlineData("builder version")]
    public void Every_input_that_shapes_the_image_changes_the_key(string what)
    {
        var changed = Changed(what);

        Assert.NotEqual(Baseline.Compute(), changed.Compute());
        Assert.StartsWith(changed.Suite + "-", changed.Compute(), StringComparison.Ordinal);
    }
}
