using CliWrap;
using Vexfs.Lab.Host;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.KernelBuild;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Kernel;

/// <summary>--kernel-tree's checks, made before a build root is made or anything is built.</summary>
public sealed class KernelTreeTests
{
    private static TempDirectory Tree(string version = "6\n1\n176", bool gitLayout = false)
    {
        var dir = new TempDirectory();
        var v = version.Split('\n');
        File.WriteAllText(dir.Combine("Makefile"), $"# SPDX-License-Identifier: GPL-2.0\nVERSION = {v[0]}\nPATCHLEVEL = {v[1]}\nSUBLEVEL = {v[2]}\nEXTRAVERSION =\nNAME = Hurr durr I'ma ninja sloth\n");
        File.WriteAllText(dir.Combine("Kconfig"), "mainmenu \"Linux\"\n");
        Directory.CreateDirectory(dir.Combine("arch", "x86"));
        if (gitLayout)
        {
            File.WriteAllText(dir.Combine("init.c"), "int x;\n");
        }

        return dir;
    }

    private static string Refusal(string path, string? fragment = null) =>
        Assert.Throws<LabException>(() => KernelTreeSource.Inspect(path, fragment)).Message;

    [Fact]
    public void A_kernel_tree_is_read_for_its_version()
    {
        using var tree = Tree();

        var source = KernelTreeSource.Inspect(tree.Path, null);

        Assert.Equal((tree.Path, new Version(6, 1, 176), (string?)null), (source.Path, source.Version, source.Fragment));
    }

    [Fact]
    public void Something_that_is_not_a_kernel_tree_is_refused_naming_what_it_lacks()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("Makefile"), "all:\n");

        Assert.Contains("is not a Linux kernel tree (it needs a top Makefile, Kconfig and arch/x86/)", Refusal(dir.Path), StringComparison.Ordinal);
        Assert.Contains("no such directory", Refusal(dir.Combine("absent")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5\n15\n170", "is Linux 5.15.170; vexfs builds on 6.1 through 7.2")]
    [InlineData("7\n3\n0", "is Linux 7.3.0; vexfs builds on 6.1 through 7.2")]
    public void A_tree_too_old_or_too_new_for_the_module_is_refused_naming_its_version(string version, string expected)
    {
        using var tree = Tree(version);

        Assert.Contains(expected, Refusal(tree.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tree_configured_in_place_is_refused_because_make_O_would_be()
    {
        using var tree = Tree();
        File.WriteAllText(tree.Combine(".config"), "CONFIG_X=y\n");

        var e = Assert.Throws<LabException>(() => KernelTreeSource.Inspect(tree.Path, null));

        Assert.Contains("make O= needs a clean tree", e.Message, StringComparison.Ordinal);
        Assert.Contains("mrproper", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_config_fragment_is_refused()
    {
        using var tree = Tree();

        Assert.Contains("--kernel-config ", Refusal(tree.Path, tree.Combine("mine.config")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unpacked_tarball_is_not_a_git_tree()
    {
        using var tree = Tree();

        Assert.Equal("not a git tree", await KernelTreeSource.Inspect(tree.Path, null).DescribeAsync(new ToolLocator(), CancellationToken.None));
    }

    [Fact]
    public async Task A_git_tree_is_described_by_its_commit_and_dirty_when_a_tracked_file_changed_without_its_index_being_written()
    {
        using var tree = Tree(gitLayout: true);
        async Task Git(params string[] args) => await Cli.Wrap("git").WithArguments(["-C", tree.Path, "-c", "user.name=t", "-c", "user.email=t@t", .. args]).ExecuteAsync();
        await Git("init", "-q");
        await Git("add", "-A");
        await Git("commit", "-qm", "tree");
        var source = KernelTreeSource.Inspect(tree.Path, null);

        var clean = await source.DescribeAsync(new ToolLocator(), CancellationToken.None);
        File.AppendAllText(tree.Combine("init.c"), "int y;\n");
        var index = File.GetLastWriteTimeUtc(tree.Combine(".git", "index"));
        var dirty = await source.DescribeAsync(new ToolLocator(), CancellationToken.None);

        Assert.Matches("^[0-9a-f]{7,}$", clean);
        Assert.Equal($"{clean}-dirty", dirty);
        Assert.Equal(index, File.GetLastWriteTimeUtc(tree.Combine(".git", "index")));
    }

    [Fact]
    public void Tree_series_keep_their_suite_and_config_and_report_apart()
    {
        using var tree = Tree();
        var source = KernelTreeSource.Inspect(tree.Path, null);

        var plain = KernelCatalog.Default.Resolve("6.1").WithTree(source);
        var debug = KernelCatalog.Default.Resolve("6.1-debug").WithTree(source);

        Assert.Equal(("6.1+tree", "bookworm", (KernelBuildSpec?)null), (plain.Name, plain.Suite, plain.Build));
        Assert.Equal(("6.1-debug+tree", KernelBuildSpec.Debug), (debug.Name, debug.Build));
        Assert.NotEqual(KernelTreeBuild.EntryKey("bookworm", KernelBuildSpec.Plain, source), KernelTreeBuild.EntryKey("bookworm", KernelBuildSpec.Debug, source));
        Assert.NotEqual(KernelTreeBuild.EntryKey("bookworm", KernelBuildSpec.Plain, source), KernelTreeBuild.EntryKey("bookworm", KernelBuildSpec.Plain, source with { Fragment = "/x.config" }));
    }

    [Fact]
    public void Compiler_errors_name_the_file_in_the_developer_s_tree()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("build.log");
        File.WriteAllLines(log, ["  CC      init/main.o", "/build/src/init/main.c:12:5: error: 'x' undeclared (first use in this function)", "make[3]: *** [/build/src/scripts/Makefile.build:250: init/main.o] Error 1"]);

        var e = KernelBuilder.Explain(2, log, dir.Combine("kept", "failed.log"), "the tree was not written", "/home/dev/linux");

        Assert.Contains("/home/dev/linux/init/main.c:12:5: error: 'x' undeclared", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/build/src/", e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"full log: {dir.Combine("kept", "failed.log")}", e.Hint, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.Combine("kept", "failed.log")));
    }

    [Fact]
    public void An_unknown_fragment_symbol_names_the_symbol_and_its_fragment()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("build.log");
        File.WriteAllLines(log, ["kernel-config: CONFIG_VEXFS_NO_SUCH from user-mine.config: wanted y, got absent: unknown symbol, or its dependencies are not met"]);

        var e = KernelBuilder.Explain(3, log, dir.Combine("failed.log"), "the tree was not written", "/home/dev/linux");

        Assert.Equal("the kernel config does not take: CONFIG_VEXFS_NO_SUCH from user-mine.config: wanted y, got absent: unknown symbol, or its dependencies are not met", e.Message);
    }

    [Fact]
    public void The_tree_is_mounted_read_only_in_the_chroot_only_when_there_is_one()
    {
        var tools = new ToolLocator();

        Assert.Equal(["chroot", "/r", "make"], BindChroot.Command(tools, "/r", [], ["make"]).Select(a => a.EndsWith("/chroot", StringComparison.Ordinal) ? "chroot" : a));
        var bound = BindChroot.Command(tools, "/r", [("/home/dev/linux", "/build/src")], ["make"]);
        Assert.Contains("-o bind,ro", bound[2], StringComparison.Ordinal);
        Assert.Equal("/r", bound[4]);
        Assert.Equal(["/home/dev/linux", "/build/src", "--", "make"], bound.Skip(7));
    }
}
