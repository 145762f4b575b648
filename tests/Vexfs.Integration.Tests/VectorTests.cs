using Vexfs.Lab.Pipeline;

namespace Vexfs.Integration.Tests;

/// <summary>Per-file vectors: set, get, clear, and the errors vexctl must report with their errno.</summary>
[Collection(GuestGroup.Name)]
public sealed class VectorTests(GuestFixture guest)
{
    private readonly Vexctl vexctl = new(guest);

    [Fact]
    public async Task Set_get_clear_round_trip_including_extremes()
    {
        await using var fs = await guest.FormatAndMountAsync(dim: 8);
        var f = $"{fs.Path}/doc";
        await guest.OkAsync($"echo body > {f}");
        int[] vector = [-128, 127, 0, 1, -1, 64, -64, 5];
        await vexctl.SetAsync(f, vector);
        Assert.Equal(vector, await vexctl.GetAsync(f));
        var status = await vexctl.StatusAsync();
        Assert.Equal(1, (int)status["filesWithVectors"]!);
        await vexctl.ClearAsync(f);
        var get = await guest.FailsAsync($"{GuestPaths.Vexctl} vec get {f}");
        Assert.Equal(Vexctl.ExitKernelErrno, get.ExitCode);
        Assert.Contains("ENODATA", get.Stderr, StringComparison.Ordinal);
        Assert.Equal("body", (await guest.OkAsync($"cat {f}")).Trim());
    }

    [Fact]
    public async Task Wrong_dimension_is_einval_and_a_foreign_file_is_not_vexfs()
    {
        await using var fs = await guest.FormatAndMountAsync(dim: 8);
        await guest.OkAsync($"touch {fs.Path}/f /tmp/not-vexfs");
        var wrongDim = await guest.FailsAsync(Vexctl.SetCommand($"{fs.Path}/f", [1, 2, 3]));
        Assert.Equal(Vexctl.ExitKernelErrno, wrongDim.ExitCode);
        Assert.Contains("EINVAL", wrongDim.Stderr, StringComparison.Ordinal);
        var foreign = await guest.FailsAsync(Vexctl.SetCommand("/tmp/not-vexfs", [1, 2, 3, 4, 5, 6, 7, 8]));
        Assert.Equal(Vexctl.ExitNotVexfs, foreign.ExitCode);
    }

    [Fact]
    public async Task Unlinking_a_file_drops_its_vector_from_search()
    {
        await using var fs = await guest.FormatAndMountAsync(dim: 4);
        await guest.OkAsync($"touch {fs.Path}/a {fs.Path}/b");
        await vexctl.SetAsync($"{fs.Path}/a", [1, 1, 1, 1]);
        await vexctl.SetAsync($"{fs.Path}/b", [9, 9, 9, 9]);
        await guest.OkAsync($"rm {fs.Path}/a");
        var hits = await vexctl.SearchAsync(fs.Path, [1, 1, 1, 1], k: 10, metric: "l2");
        var b = ulong.Parse(await guest.OkAsync($"stat -c %i {fs.Path}/b"));
        Assert.Equal([new SearchHit(b, 4 * 64)], hits);
    }
}
