using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Tests.Support;
using Vexfs.Reports;

namespace Vexfs.Lab.Tests.ModuleBuild;

/// <summary>The host build's text handling on recorded real data (a 6.1 image's debugfs listing and Kbuild .cmd files).</summary>
public sealed class KbuildLineTests
{
    [Fact]
    public void Top_level_names_come_from_a_debugfs_listing()
    {
        var names = ImageSysroot.TopLevelNames(Fixture.Read("kbuild", "debugfs-ls-root-6.1.txt"));
        Assert.Superset(new HashSet<string> { "usr", "etc", "bin", "lib", "lib64", "sbin", "lost+found" }, names);
    }

    [Fact]
    public void The_compile_line_of_an_object_is_read_without_the_objtool_step()
    {
        var parsed = KbuildCommandFiles.ParseCompileLine(Fixture.Read("kbuild", "6.1.main.o.cmd"), "/build/vexfs");
        Assert.NotNull(parsed);
        Assert.Equal("/build/vexfs/main.o", parsed.Value.Object);
        Assert.StartsWith("gcc-12 ", parsed.Value.Command, StringComparison.Ordinal);
        Assert.EndsWith("-c -o /build/vexfs/main.o /build/vexfs/main.c", parsed.Value.Command, StringComparison.Ordinal);
        Assert.DoesNotContain("objtool", parsed.Value.Command, StringComparison.Ordinal);
    }

    [Fact]
    public void The_6_12_savedcmd_form_is_read_too()
    {
        var parsed = KbuildCommandFiles.ParseCompileLine(Fixture.Read("kbuild", "6.12.main.o.cmd"), "/build/vexfs");
        Assert.NotNull(parsed);
        Assert.Equal("/build/vexfs/main.o", parsed.Value.Object);
        Assert.StartsWith("x86_64-linux-gnu-gcc-14 ", parsed.Value.Command, StringComparison.Ordinal);
        Assert.EndsWith("/build/vexfs/main.c", parsed.Value.Command, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("6.1.vexfs.mod.o.cmd")]
    [InlineData("6.1.vexfs.o.cmd")]
    [InlineData("6.12.module-common.o.cmd")]
    public void Link_steps_and_generated_files_are_not_compile_lines(string file) =>
        Assert.Null(KbuildCommandFiles.ParseCompileLine(Fixture.Read("kbuild", file), "/build/vexfs"));

    [Fact]
    public void Shell_words_are_unquoted_as_sh_would()
    {
        Assert.Equal(
            ["gcc", "-DKBUILD_BASENAME=\"main\"", "-DX=a b", "-DY=\"q\"", "c\\d", "e f"],
            ShellWords.Split("gcc  -DKBUILD_BASENAME='\"main\"' -DX='a b' \"-DY=\\\"q\\\"\" c\\\\d e\\ f"));
        Assert.Throws<FormatException>(() => ShellWords.Split("gcc 'open"));
    }

    [Theory]
    [InlineData("-I/usr/src/linux-headers-6.1.0-50-common/include", "-I/sys/root/usr/src/linux-headers-6.1.0-50-common/include")]
    [InlineData("/usr/src/linux-headers-6.1.0-50-common/include/linux/kconfig.h", "/sys/root/usr/src/linux-headers-6.1.0-50-common/include/linux/kconfig.h")]
    [InlineData("-fmacro-prefix-map=/usr/src/x/=", "-fmacro-prefix-map=/sys/root/usr/src/x/=")]
    [InlineData("-I/build/vexfs/include", "-I/repo/vexfs-kernel/include")]
    [InlineData("/build/vexfs/main.c", "/repo/vexfs-kernel/main.c")]
    [InlineData("/build/vexfsx/main.c", "/build/vexfsx/main.c")]
    [InlineData("-I./include", "-I./include")]
    [InlineData("-D__KERNEL__", "-D__KERNEL__")]
    public void Chroot_paths_become_host_paths(string argument, string expected) =>
        Assert.Equal(expected, CompileDatabase.MapPath(argument, "/sys/root/", "/repo/vexfs-kernel"));

    [Fact]
    public void The_compile_database_points_into_the_sysroot_and_the_module_directory()
    {
        using var temp = new TempDirectory();
        var headers = temp.Combine("usr", "src", "linux-headers-6.1.0-50-cloud-amd64");
        Directory.CreateDirectory(headers);
        Directory.CreateDirectory(temp.Combine("usr", "lib", "modules", "6.1.0-50-cloud-amd64"));
        File.CreateSymbolicLink(temp.Combine("usr", "lib", "modules", "6.1.0-50-cloud-amd64", "build"), "/usr/src/linux-headers-6.1.0-50-cloud-amd64");
        File.CreateSymbolicLink(temp.Combine("lib"), "usr/lib");
        var line = KbuildCommandFiles.ParseCompileLine(Fixture.Read("kbuild", "6.1.main.o.cmd"), "/build/vexfs")!.Value;

        var json = System.Text.Json.JsonDocument.Parse(CompileDatabase.Create(new Dictionary<string, string> { [line.Object] = line.Command }, temp.Path, "6.1.0-50-cloud-amd64", "/repo/vexfs-kernel"));

        var entry = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(headers, entry.GetProperty("directory").GetString());
        Assert.Equal("/repo/vexfs-kernel/main.c", entry.GetProperty("file").GetString());
        var arguments = entry.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()!).ToList();
        Assert.Contains($"-I{temp.Path}/usr/src/linux-headers-6.1.0-50-common/include", arguments);
        Assert.Contains("-I/repo/vexfs-kernel/include", arguments);
        Assert.Contains("-DKBUILD_MODNAME=\"vexfs\"", arguments);
        Assert.DoesNotContain(arguments, a => a.StartsWith("-Wp,-MMD", StringComparison.Ordinal) || a.StartsWith("/build/", StringComparison.Ordinal) || a.StartsWith("/usr/", StringComparison.Ordinal));
    }

    [Fact]
    public void A_path_inside_the_sysroot_follows_absolute_and_relative_symlinks_inside_it()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("usr", "src", "common", "scripts"));
        Directory.CreateDirectory(temp.Combine("usr", "lib", "modules", "r"));
        File.CreateSymbolicLink(temp.Combine("lib"), "usr/lib");
        File.CreateSymbolicLink(temp.Combine("usr", "lib", "modules", "r", "build"), "/usr/src/common");

        var resolved = ImageSysroot.ResolveInside(temp.Path, "/lib/modules/r/build/scripts");

        Assert.True(Directory.Exists(resolved));
        Assert.Equal(Path.GetFullPath(temp.Combine("usr", "src", "common", "scripts")), Path.GetFullPath(resolved));
    }

    [Fact]
    public void Make_runs_with_the_guest_build_line_the_fault_when_given_and_the_probe_cache()
    {
        var image = new GuestImage(KernelCatalog.Default.Resolve("6.1"), "bookworm-x", "/c/bookworm-x", "r", "k", "i", "p", "h", "6.1.0-50-cloud-amd64", "mmdebstrap");
        Assert.Equal(
            ["make", "-j2", "-C", "/lib/modules/6.1.0-50-cloud-amd64/build", "M=/build/vexfs", "W=1", "VEXFS_WERROR=1", "modules", KbuildProbeCache.Argument("/build/vexfs")],
            HostModuleBuilder.MakeArguments(image, null, 2));
        Assert.Contains("VEXFS_FAULT=build-warning", HostModuleBuilder.MakeArguments(image, "build-warning", 2));
        Assert.Equal("/c/locks/bookworm-x.lock", ImageSysroot.EntryLockPath(image));
    }

    [Theory]
    [InlineData(0, "  CC [M]  /build/vexfs/main.o\n/build/vexfs/main.c:9:13: warning: unused variable 'x' [-Wunused-variable]\n", true)]
    [InlineData(2, "make: *** [Makefile:1] Error 2\n", true)]
    [InlineData(0, "  CC [M]  /build/vexfs/main.o\n  LD [M]  /build/vexfs/vexfs.ko\n", false)]
    public void A_build_fails_on_a_non_zero_exit_or_any_warning(int exit, string output, bool fails)
    {
        var ex = Record.Exception(() => KbuildOutput.Check(exit, output, "on the host"));
        Assert.Equal(fails, ex is PhaseFailedException { FailureClass: FailureClass.Build });
        Assert.Equal(fails, ex is not null);
    }
}
