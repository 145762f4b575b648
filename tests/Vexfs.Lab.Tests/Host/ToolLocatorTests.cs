using Vexfs.Lab.Host;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Host;

/// <summary>A missing host tool: the error names its Debian package, and every missing one at once.</summary>
public sealed class ToolLocatorTests
{
    [Fact]
    public void A_missing_tool_names_the_package_to_install()
    {
        using var empty = new TempDirectory();
        var error = Assert.Throws<LabException>(() => new ToolLocator(empty.Path).Require("vexfs-no-such-tool", "vexfs-tools"));

        Assert.Contains("'vexfs-no-such-tool' (Debian package vexfs-tools) was not found on PATH", error.Message, StringComparison.Ordinal);
        Assert.Equal("run ./build.sh Setup (as root; it installs every package the kit needs), or apt-get install vexfs-tools", error.Hint);
        Assert.Equal(error.Hint, error.Data["Hint"]);
    }

    [Fact]
    public void The_preflight_names_every_missing_tool_at_once()
    {
        using var empty = new TempDirectory();
        var error = Assert.Throws<LabException>(() => new ToolLocator(empty.Path).RequireAll([("vexfs-a", "pkg-a"), ("vexfs-b", "pkg-b"), ("vexfs-c", "pkg-a")]));

        Assert.Contains("vexfs-a (Debian package pkg-a), vexfs-b (Debian package pkg-b), vexfs-c (Debian package pkg-a)", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("apt-get install pkg-a pkg-b", error.Hint, StringComparison.Ordinal);
    }
}
