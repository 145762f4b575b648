using Vexfs.Lab.Kernel;

namespace Vexfs.Lab.Tests;

public sealed class KernelCatalogTests
{
    [Theory]
    [InlineData("6.1", "bookworm")]
    [InlineData("6.12", "trixie")]
    [InlineData("latest", "sid")]
    [InlineData(" LATEST ", "sid")]
    public void Resolves_each_series_to_its_suite(string name, string suite)
    {
        var series = KernelCatalog.Default.Resolve(name);

        Assert.Equal(suite, series.Suite);
        Assert.Equal(["linux-image-cloud-amd64", "linux-headers-cloud-amd64"], ((DebianKernelPackage)series.Kernel).Packages);
    }

    [Fact]
    public void Unknown_series_names_every_known_one()
    {
        var error = Assert.Throws<LabException>(() => KernelCatalog.Default.Resolve("5.10"));

        Assert.Contains("'5.10'", error.Message, StringComparison.Ordinal);
        Assert.Contains("6.1 (bookworm), 6.12 (trixie), latest (sid)", error.Message, StringComparison.Ordinal);
        Assert.Contains("--kernel", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveAll_splits_commas_keeps_order_and_drops_repeats()
    {
        var all = KernelCatalog.Default.ResolveAll(["6.12,6.1", "6.12", "latest"]);

        Assert.Equal(["6.12", "6.1", "latest"], all.Select(s => s.Name));
    }

    [Fact]
    public void ResolveAll_rejects_an_empty_list_and_any_unknown_name()
    {
        Assert.Throws<LabException>(() => KernelCatalog.Default.ResolveAll([]));
        Assert.Throws<LabException>(() => KernelCatalog.Default.ResolveAll(["6.1,7.99"]));
    }
}
