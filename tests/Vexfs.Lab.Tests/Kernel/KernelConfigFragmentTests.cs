using Vexfs.Lab.Kernel;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Kernel;

/// <summary>--kernel-config's symbols are read against the tree's own Kconfig files before a build root is made.</summary>
public sealed class KernelConfigFragmentTests
{
    private static TempDirectory Tree()
    {
        var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("Makefile"), "VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 176\n");
        File.WriteAllText(dir.Combine("Kconfig"), "mainmenu \"Linux\"\nsource \"fs/Kconfig\"\n");
        Directory.CreateDirectory(dir.Combine("arch", "x86"));
        Directory.CreateDirectory(dir.Combine("fs", "ext4"));
        File.WriteAllText(dir.Combine("fs", "ext4", "Kconfig"), "config EXT4_FS\n\ttristate \"ext4\"\n\nmenuconfig EXT4_DEBUG\n\tbool\n");
        File.WriteAllText(dir.Combine("fs", "Kconfig.binfmt"), "  config BINFMT_ELF\n\tbool\n");
        return dir;
    }

    [Fact]
    public void Set_and_unset_symbols_are_read_with_their_lines_and_comments_are_not()
    {
        Assert.Equal([("CONFIG_EXT4_FS", 2), ("CONFIG_KASAN", 3)], KernelConfigFragment.Symbols("# my options\nCONFIG_EXT4_FS=y\n# CONFIG_KASAN is not set\n# CONFIG_X, for later\n"));
    }

    [Fact]
    public void Symbols_the_tree_declares_pass_and_a_typo_is_named_with_its_line()
    {
        using var tree = Tree();

        Assert.Empty(KernelConfigFragment.Unknown(tree.Path, "CONFIG_EXT4_FS=y\nCONFIG_EXT4_DEBUG=y\n# CONFIG_BINFMT_ELF is not set\n"));
        Assert.Equal(["CONFIG_EXT4_FD (line 2)"], KernelConfigFragment.Unknown(tree.Path, "CONFIG_EXT4_FS=y\nCONFIG_EXT4_FD=y\n"));
    }

    [Fact]
    public void A_fragment_naming_an_unknown_symbol_is_refused_before_anything_is_built()
    {
        using var tree = Tree();
        var fragment = $"{tree.Path}-mine.config";
        File.WriteAllText(fragment, "CONFIG_EXT4_FS=y\nCONFIG_VEXFS_NO_SUCH=y\n");
        try
        {
            var e = Assert.Throws<LabException>(() => KernelTreeSource.Inspect(tree.Path, fragment));

            Assert.Equal($"--kernel-config {fragment}: CONFIG_VEXFS_NO_SUCH (line 2) is not a symbol of Linux 6.1.176 (no Kconfig file in {tree.Path} declares it)", e.Message);
            Assert.EndsWith("nothing was built", e.Hint, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(fragment);
        }
    }
}
