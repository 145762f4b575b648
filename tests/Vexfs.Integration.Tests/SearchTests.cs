using System.Text;

namespace Vexfs.Integration.Tests;

/// <summary>The in-kernel k-NN search against the host's brute-force reference: identical ids and distances.</summary>
[Collection(GuestGroup.Name)]
public sealed class SearchTests(GuestFixture guest)
{
    private const int Files = 1000;
    private const int Dim = 16;
    private readonly Vexctl vexctl = new(guest);

    [Fact]
    public async Task Search_matches_brute_force_reference_for_l2_and_dot()
    {
        await using var fs = await guest.FormatAndMountAsync(dim: Dim);
        var vectors = ReferenceSearch.Generate(Files, Dim, seed: 1234);
        var script = new StringBuilder("set -e\n");
        for (var i = 0; i < Files; i++)
        {
            var file = $"{fs.Path}/d{i % 10}/f{i}";
            if (i < 10)
            {
                script.Append($"mkdir {fs.Path}/d{i}\n");
            }

            script.Append($": > {file}\n{Vexctl.SetCommand(file, vectors[i])}\n");
        }

        await guest.Session.UploadFileAsync(WriteTemp(script.ToString()), "/tmp/set-vectors.sh", TestContext.Current.CancellationToken);
        await guest.OkAsync("sh /tmp/set-vectors.sh", timeoutSeconds: 600);
        var inodes = await InodesAsync(fs.Path);
        var byIno = Enumerable.Range(0, Files).ToDictionary(i => inodes[$"{fs.Path}/d{i % 10}/f{i}"], i => vectors[i]);

        var queries = new[] { vectors[3], vectors[500], ReferenceSearch.Generate(1, Dim, seed: 99)[0], new int[Dim] };
        foreach (var metric in new[] { "l2", "dot" })
        {
            foreach (var query in queries)
            {
                var expected = ReferenceSearch.Nearest(byIno, query, k: 10, metric);
                Assert.Equal(expected, await vexctl.SearchAsync(fs.Path, query, k: 10, metric));
            }
        }

        Assert.Equal(Files, (await vexctl.SearchAsync($"{fs.Path}/d3", queries[0], k: 1024, "l2")).Count);
    }

    [Fact]
    public async Task K_out_of_range_is_einval()
    {
        await using var fs = await guest.FormatAndMountAsync(dim: 4);
        foreach (var k in new[] { 0, 1025 })
        {
            var result = await guest.RunAsync($"/usr/local/bin/vexctl search {fs.Path} --query 1,2,3,4 --k {k}");
            Assert.NotEqual(0, result.ExitCode);
        }
    }

    private async Task<Dictionary<string, ulong>> InodesAsync(string root)
    {
        var listing = await guest.OkAsync($"find {root} -type f -exec stat -c '%i %n' {{}} +", timeoutSeconds: 300);
        return listing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .ToDictionary(p => p[1], p => ulong.Parse(p[0]));
    }

    private static string WriteTemp(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"vexfs-set-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, content);
        return path;
    }
}
