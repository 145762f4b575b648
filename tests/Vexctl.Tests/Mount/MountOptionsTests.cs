using Vexctl.Mount;

namespace Vexctl.Tests.Mount;

public sealed class MountOptionsTests
{
    [Theory]
    [InlineData(null, 0x0UL, null)]
    [InlineData("", 0x0UL, null)]
    [InlineData("defaults", 0x0UL, null)]
    [InlineData("ro", 0x1UL, null)]
    [InlineData("ro,rw", 0x0UL, null)]
    [InlineData("ro, nosuid,nodev,noexec", 0xFUL, null)]
    [InlineData("noatime,dirsync,lazytime", 0x2000480UL, null)]
    [InlineData("ro,debug,dim=4", 0x1UL, "debug,dim=4")]
    public void Generic_options_become_flags_and_the_rest_the_filesystems_data(string? list, ulong flags, string? data) =>
        Assert.Equal(new MountOptions(flags, data), MountOptions.Parse(list));
}
