using System.Text.Json.Nodes;

namespace Vexfs.Integration.Tests;

/// <summary>A small performance validation: the bench runs and reports sane, positive figures.</summary>
[Collection(GuestGroup2.Name)]
public sealed class BenchTests(GuestFixture guest)
{
    [Fact]
    public async Task Bench_reports_rates_and_latency_percentiles()
    {
        var fs = guest.Vexfs(dim: 32);
        var script = new GuestScript();
        script.FormatAndMount(fs);
        var bench = script.Ok($"{Vexctl.Program} bench {fs.Path} --vectors 300 --queries 50");
        var left = script.Ok($"ls -A {fs.Path} | wc -l");
        var status = script.Ok(Vexctl.StatusCommand);
        await guest.RunAsync(script, timeoutSeconds: 600);

        var json = JsonNode.Parse(bench.Stdout)!;
        Assert.Equal(300, (int)json["vectors"]!);
        Assert.Equal(50, (int)json["queries"]!);
        Assert.Equal(32, (int)json["dim"]!);
        Assert.True((double)json["insertsPerSecond"]! > 0);
        Assert.True((double)json["searchesPerSecond"]! > 0);
        var search = json["searchLatencyUs"]!;
        Assert.True((double)search["p50"]! > 0);
        Assert.True((double)search["p50"]! <= (double)search["p99"]!);
        Assert.True((double)search["p99"]! <= (double)search["max"]!);
        Assert.Equal("0", left.Stdout.Trim());
        Assert.Equal(0, (int)Vexctl.ParseMountStatus(status.Stdout, fs.Device)["filesWithVectors"]!);
    }
}
