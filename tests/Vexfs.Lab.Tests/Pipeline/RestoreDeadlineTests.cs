using Vexfs.Lab.Pipeline;

namespace Vexfs.Lab.Tests.Pipeline;

public sealed class RestoreDeadlineTests
{
    [Theory]
    [InlineData(120, 20)] // the default boot timeout: the 20 s a stock guest always had
    [InlineData(1200, 200)] // a built kernel's ten times: a KASAN guest at load 23 needed more than 20 s
    [InlineData(60, 20)] // never under 20 s
    [InlineData(10, 10)] // never past the boot timeout itself
    public void Restore_deadline_is_a_sixth_of_the_boot_timeout_at_least_20_s(int bootSeconds, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), BootedGuest.RestoreDeadline(TimeSpan.FromSeconds(bootSeconds)));
    }
}
