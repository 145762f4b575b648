namespace Vexfs.Integration.Tests;

/// <summary>The in-kernel k-NN search against the host's brute-force reference: identical ids and distances.</summary>
[Collection(GuestGroup2.Name)]
public sealed class SearchTests(GuestFixture guest)
{
    private const int Files = 1000;
    private const int Dim = 16;
    private static readonly string[] Metrics = ["l2", "dot"];
    private static readonly int[] SpotChecked = [0, 3, 999];

    [Fact]
    public async Task Search_matches_brute_force_reference_for_l2_and_dot()
    {
        var fs = guest.Vexfs(dim: Dim, inodes: 2048);
        var vectors = ReferenceSearch.Generate(Files, Dim, seed: 1234);
        string FileOf(int i) => $"{fs.Path}/d{i % 10}/f{i}";

        // The vectors go up as a file: a thousand lines are more than an SSH command line may carry.
        await guest.UploadTextAsync(Vexctl.ImportText(Enumerable.Range(0, Files).Select(i => (FileOf(i), vectors[i]))), "/tmp/vexfs-vectors.tsv");
        var script = new GuestScript();
        script.FormatAndMount(fs);
        // One touch for all files (d3/f{3..999..10} is every f<i> with i % 10 == 3): a shell loop of a thousand
        // redirections was the test's longest step under TCG.
        script.Ok($"cd {fs.Path} && mkdir d0 d1 d2 d3 d4 d5 d6 d7 d8 d9 && touch {string.Join(' ', Enumerable.Range(0, 10).Select(d => $"d{d}/f{{{d}..{Files - 1}..10}}"))}");
        script.Ok($"{Vexctl.Program} vec import /tmp/vexfs-vectors.tsv");
        var listing = script.Ok($"find {fs.Path} -type f -printf '%i %p\\n'");
        var queries = new[] { vectors[3], vectors[500], ReferenceSearch.Generate(1, Dim, seed: 99)[0], new int[Dim] };
        var searches = Metrics
            .SelectMany(metric => queries.Select(query => (metric, query, step: script.Ok(Vexctl.SearchCommand(fs.Path, query, k: 10, metric)))))
            .ToList();
        var all = script.Ok(Vexctl.SearchCommand($"{fs.Path}/d3", queries[0], k: 1024, "l2"));
        var spot = SpotChecked.Select(i => (i, step: script.Ok(Vexctl.GetCommand(FileOf(i))))).ToList();
        var status = script.Ok(Vexctl.StatusCommand);
        await guest.RunAsync(script, timeoutSeconds: 600);

        var inodes = listing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .ToDictionary(p => p[1], p => ulong.Parse(p[0]));
        Assert.Equal(Files, inodes.Count);
        var byIno = Enumerable.Range(0, Files).ToDictionary(i => inodes[FileOf(i)], i => vectors[i]);
        foreach (var (metric, query, step) in searches)
        {
            Assert.Equal(ReferenceSearch.Nearest(byIno, query, k: 10, metric), Vexctl.ParseHits(step.Stdout));
        }

        Assert.Equal(ReferenceSearch.Nearest(byIno, queries[0], k: Files, "l2"), Vexctl.ParseHits(all.Stdout));
        foreach (var (i, step) in spot)
        {
            Assert.Equal(vectors[i], Vexctl.ParseVector(step.Stdout));
        }

        Assert.Equal(Files, (int)Vexctl.ParseMountStatus(status.Stdout, fs.Device)["filesWithVectors"]!);
    }

    [Fact]
    public async Task K_out_of_range_is_einval()
    {
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        script.FormatAndMount(fs);
        script.Ok($"touch {fs.Path}/a && {Vexctl.SetCommand($"{fs.Path}/a", [1, 2, 3, 4])}");
        var tooSmall = script.Fails($"{Vexctl.Program} search {fs.Path} --query 1,2,3,4 --k 0");
        var tooLarge = script.Fails($"{Vexctl.Program} search {fs.Path} --query 1,2,3,4 --k 1025");

        // vexctl checks k itself; a query of the wrong dimension reaches the kernel, which answers EINVAL.
        var wrongDim = script.Fails($"{Vexctl.Program} search {fs.Path} --query 1,2,3 --k 1");
        var largest = script.Ok(Vexctl.SearchCommand(fs.Path, [1, 2, 3, 4], k: 1024, "l2"));
        await guest.RunAsync(script);

        Assert.Equal(Vexctl.ExitUsage, tooSmall.ExitCode);
        Assert.Contains("--k 0 is out of range", tooSmall.Stderr, StringComparison.Ordinal);
        Assert.Equal(Vexctl.ExitUsage, tooLarge.ExitCode);
        Assert.Contains("--k 1025 is out of range", tooLarge.Stderr, StringComparison.Ordinal);
        Assert.Equal(Vexctl.ExitKernelErrno, wrongDim.ExitCode);
        Assert.Contains("EINVAL", wrongDim.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Assert.Single(Vexctl.ParseHits(largest.Stdout)).Distance);
    }
}
