using Vexfs.Lab.Kernel;
using Vexfs.Lab.KernelBuild;

namespace Vexfs.Lab.Tests.Kernel;

public sealed class KernelBuildTests
{
    private static readonly DebianPackage Source = new("linux-source-6.1", "6.1.176-1", "");
    private static readonly DebianPackage Gcc = new("gcc-12", "12.2.0-14+deb12u1", "");
    private static readonly (string, string)[] Inputs = [("debug.config", "CONFIG_KASAN=y\n"), ("build-kernel.sh", "make\n")];

    [Fact]
    public void Key_names_suite_and_flavour_and_moves_with_source_compiler_and_config()
    {
        var key = KernelBuildCache.ComputeKey("bookworm", KernelBuildSpec.Debug, Source, Gcc, Inputs);

        Assert.StartsWith("kernel-bookworm-debug-", key, StringComparison.Ordinal);
        Assert.NotEqual(key, KernelBuildCache.ComputeKey("bookworm", KernelBuildSpec.Debug, Source with { Version = "6.1.192-1" }, Gcc, Inputs));
        Assert.NotEqual(key, KernelBuildCache.ComputeKey("bookworm", KernelBuildSpec.Debug, Source, Gcc with { Version = "12.2.0-15" }, Inputs));
        Assert.NotEqual(key, KernelBuildCache.ComputeKey("bookworm", KernelBuildSpec.Debug, Source, Gcc, [("debug.config", "CONFIG_KASAN=n\n"), Inputs[1]]));
        Assert.Equal(key, KernelBuildCache.ComputeKey("bookworm", KernelBuildSpec.Debug, Source, Gcc, Inputs));
    }

    [Fact]
    public void Package_index_gives_the_newest_kernel_source_and_the_suite_compiler()
    {
        const string Packages = """
            Package: gcc
            Version: 4:12.2.0-3
            Depends: cpp (= 4:12.2.0-3), cpp-x86-64-linux-gnu (= 4:12.2.0-3), gcc-12 (>= 12.2.0-1~)

            Package: gcc-12
            Version: 12.2.0-14+deb12u1

            Package: linux-source-6.9
            Version: 6.9.12-1

            Package: linux-source-6.12
            Version: 6.12.9-1

            Package: linux-source
            Version: 6.12.9-1
            """;
        var index = new DebianPackageIndex("sid", DebianPackageIndex.Parse(new StringReader(Packages)), Offline: false, DateTimeOffset.UtcNow);

        Assert.Equal(("linux-source-6.12", "6.12.9-1"), (index.LatestKernelSource().Name, index.LatestKernelSource().Version));
        Assert.Equal(("gcc-12", "12.2.0-14+deb12u1"), (index.Compiler().Name, index.Compiler().Version));
        Assert.Throws<LabException>(() => index.Require("linux-image-cloud-amd64"));
    }

    [Fact]
    public void Debug_series_are_in_the_catalog_but_not_among_the_stock_kernels()
    {
        var debug = KernelCatalog.Default.Resolve("6.1-debug");

        Assert.Equal(("bookworm", "debug"), (debug.Suite, debug.Build?.Flavour));
        Assert.Equal(["6.1", "6.12", "latest"], KernelCatalog.Default.Stock.Select(s => s.Name));
        var error = Assert.Throws<LabException>(() => KernelCatalog.Default.Resolve("6.1-kasan"));
        Assert.Contains("6.1-debug (bookworm), 6.12-debug (trixie), latest-debug (sid)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_repository_owns_every_fragment_of_the_debug_kernel()
    {
        var dir = Path.Combine(RepoRoot.Find(), "packer", "kernel");

        Assert.All(KernelBuildSpec.Debug.Fragments.Append("build-kernel.sh"), f => Assert.True(File.Exists(Path.Combine(dir, f)), f));
        var debug = File.ReadAllText(Path.Combine(dir, "debug.config"));
        Assert.All(["CONFIG_KASAN=y", "CONFIG_DEBUG_KMEMLEAK=y", "CONFIG_DEBUG_KMEMLEAK_AUTO_SCAN=n", "CONFIG_PROVE_LOCKING=y", "CONFIG_DEBUG_ATOMIC_SLEEP=y", "CONFIG_UBSAN_BOUNDS=y", "CONFIG_KFENCE=y", "CONFIG_DEBUG_LIST=y", "CONFIG_KUNIT=y"],
            s => Assert.Contains(s, debug, StringComparison.Ordinal));
    }
}
