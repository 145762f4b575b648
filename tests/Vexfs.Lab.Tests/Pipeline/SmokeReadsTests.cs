using Vexfs.Lab.Pipeline;

namespace Vexfs.Lab.Tests.Pipeline;

/// <summary>The smoke phase's one command: each read's output and exit code, split at the markers it printed.</summary>
public sealed class SmokeReadsTests
{
    [Fact]
    public void Each_read_is_its_output_up_to_its_marker_and_the_code_after_it()
    {
        const string stdout =
            "vexfs-smoke\n\n@@vexfs-smoke-read 0\n" +
            "1 -2 3 -4\n\n@@vexfs-smoke-read 0\n" +
            "no newline at the end\n@@vexfs-smoke-read 2\n";

        var reads = GuestModule.SmokeReads(stdout);

        Assert.Equal([("vexfs-smoke\n", 0), ("1 -2 3 -4\n", 0), ("no newline at the end", 2)], reads);
    }

    [Fact]
    public void A_command_that_stopped_early_has_fewer_reads()
    {
        Assert.Empty(GuestModule.SmokeReads(""));
        Assert.Equal([("", 1)], GuestModule.SmokeReads("\n@@vexfs-smoke-read 1\nvector output cut off"));
    }
}
