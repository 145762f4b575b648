namespace Vexfs.Integration.Tests;

/// <summary>Per-file vectors: set, get, clear, import, and the errors vexctl must report with their errno.</summary>
[Collection(GuestGroup2.Name)]
public sealed class VectorTests(GuestFixture guest)
{
    [Fact]
    public async Task Set_get_clear_round_trip_including_extremes()
    {
        var fs = guest.Vexfs(dim: 8);
        var f = $"{fs.Path}/doc";
        int[] vector = [-128, 127, 0, 1, -1, 64, -64, 5];
        var script = new GuestScript();
        script.FormatAndMount(fs);
        script.Ok($"echo body > {f}");
        script.Ok(Vexctl.SetCommand(f, vector));
        var got = script.Ok(Vexctl.GetCommand(f));
        var status = script.Ok(Vexctl.StatusCommand);
        script.Ok(Vexctl.ClearCommand(f));
        var cleared = script.Fails($"{Vexctl.Program} vec get {f}");
        var statusCleared = script.Ok(Vexctl.StatusCommand);
        var body = script.Ok($"cat {f}");
        await guest.RunAsync(script);

        Assert.Equal(vector, Vexctl.ParseVector(got.Stdout));
        Assert.Equal(1, (int)Vexctl.ParseMountStatus(status.Stdout, fs.Device)["filesWithVectors"]!);
        Assert.Equal(Vexctl.ExitKernelErrno, cleared.ExitCode);
        Assert.Contains("ENODATA", cleared.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (int)Vexctl.ParseMountStatus(statusCleared.Stdout, fs.Device)["filesWithVectors"]!);
        Assert.Equal("body", body.Stdout.Trim());
    }

    [Fact]
    public async Task Wrong_dimension_is_einval_and_a_foreign_file_is_not_vexfs()
    {
        var fs = guest.Vexfs(dim: 8);
        int[] good = [1, 2, 3, 4, 5, 6, 7, 8];
        var script = new GuestScript();
        script.FormatAndMount(fs);
        script.Ok($"touch {fs.Path}/f {fs.Path}/g /tmp/not-vexfs");
        var wrongDim = script.Fails(Vexctl.SetCommand($"{fs.Path}/f", [1, 2, 3]));
        var foreign = script.Fails(Vexctl.SetCommand("/tmp/not-vexfs", good));

        // A batch import stops at the bad line and says which one, after setting the lines before it.
        var import = script.Fails(Vexctl.ImportCommand([($"{fs.Path}/g", good), ($"{fs.Path}/f", [1, 2, 3])]));
        var imported = script.Ok(Vexctl.GetCommand($"{fs.Path}/g"));
        await guest.RunAsync(script);

        Assert.Equal(Vexctl.ExitKernelErrno, wrongDim.ExitCode);
        Assert.Contains("EINVAL", wrongDim.Stderr, StringComparison.Ordinal);
        Assert.Equal(Vexctl.ExitNotVexfs, foreign.ExitCode);
        Assert.Equal(Vexctl.ExitKernelErrno, import.ExitCode);
        Assert.StartsWith($"vexctl: stdin line 2: vec import {fs.Path}/f: EINVAL", import.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 of 2 vectors were set before this line", import.Stderr, StringComparison.Ordinal);
        Assert.Equal(good, Vexctl.ParseVector(imported.Stdout));
    }

    [Fact]
    public async Task Unlinking_a_file_drops_its_vector_from_search()
    {
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        script.FormatAndMount(fs);
        script.Ok($"touch {fs.Path}/a {fs.Path}/b");
        script.Ok(Vexctl.ImportCommand([($"{fs.Path}/a", [1, 1, 1, 1]), ($"{fs.Path}/b", [9, 9, 9, 9])]));
        var both = script.Ok(Vexctl.SearchCommand(fs.Path, [1, 1, 1, 1], k: 10, metric: "l2"));
        var inodes = script.Ok($"stat -c %i {fs.Path}/a {fs.Path}/b");
        script.Ok($"rm {fs.Path}/a");
        var hits = script.Ok(Vexctl.SearchCommand(fs.Path, [1, 1, 1, 1], k: 10, metric: "l2"));
        var status = script.Ok(Vexctl.StatusCommand);
        await guest.RunAsync(script);

        var ino = inodes.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ulong.Parse).ToArray();
        Assert.Equal([new SearchHit(ino[0], 0), new SearchHit(ino[1], 4 * 64)], Vexctl.ParseHits(both.Stdout));
        Assert.Equal([new SearchHit(ino[1], 4 * 64)], Vexctl.ParseHits(hits.Stdout));
        Assert.Equal(1, (int)Vexctl.ParseMountStatus(status.Stdout, fs.Device)["filesWithVectors"]!);
    }
}
