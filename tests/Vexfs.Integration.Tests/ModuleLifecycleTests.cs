namespace Vexfs.Integration.Tests;

/// <summary>The module reports its state through /dev/vexfs: the module-wide counts, so nothing else may run beside it.</summary>
[Collection(GuestAlone.Name)]
public sealed class ModuleLifecycleTests(GuestFixture guest)
{
    [Fact]
    public async Task Status_counts_mounts_vectors_and_searches()
    {
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        var idle = script.Ok(Vexctl.StatusCommand);
        var release = script.Ok("uname -r");
        script.FormatAndMount(fs);
        script.Ok($"touch {fs.Path}/x");
        script.Ok(Vexctl.SetCommand($"{fs.Path}/x", [1, 2, 3, 4]));
        script.Ok(Vexctl.SearchCommand(fs.Path, [1, 2, 3, 4], k: 1, metric: "l2"));
        var busy = script.Ok(Vexctl.StatusCommand);
        await guest.RunAsync(script);

        var before = Vexctl.ParseStatus(idle.Stdout);
        var after = Vexctl.ParseStatus(busy.Stdout);
        Assert.Equal(0, (int)before["mounts"]!);
        Assert.Equal((string?)before["kernelRelease"], release.Stdout.Trim());
        Assert.Equal(1, (int)after["mounts"]!);
        Assert.Equal(1, (int)after["filesWithVectors"]!);
        Assert.True((long)after["searches"]! > (long)before["searches"]!);
        Assert.True((long)after["vectorBytes"]! >= 4);
        var mount = Assert.Single(after["mountDetails"]!.AsArray());
        Assert.Equal(4, (int)mount!["vectorDim"]!);
    }
}
