using Vexctl.Native;

namespace Vexctl.Tests.Output;

public sealed class ErrnoTests
{
    [Theory]
    [InlineData(28, "ENOSPC (No space left on device)")]
    [InlineData(22, "EINVAL (Invalid argument)")]
    [InlineData(25, "ENOTTY (Inappropriate ioctl for device)")]
    [InlineData(61, "ENODATA (No data available)")]
    [InlineData(999, "errno 999 (Unknown error)")]
    public void Errno_is_named_with_its_meaning(int errno, string expected) =>
        Assert.Equal(expected, Errno.Describe(errno));
}
