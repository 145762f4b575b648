using System.Text.Json;
using Vexctl.Cli;
using Vexctl.Tests.Support;

namespace Vexctl.Tests.Mkfs;

/// <summary>`vexctl mkfs` end to end on image files.</summary>
public sealed class MkfsCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vexctl-mkfs-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Formats_an_image_prints_the_layout_and_refuses_a_second_run_without_force()
    {
        var image = await ImageAsync("a.img", 64 << 20);
        var first = await CliRun.RunAsync("mkfs", image, "--dim", "128", "--label", "lab", "--json");
        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        using (var json = JsonDocument.Parse(first.Out))
        {
            var root = json.RootElement;
            Assert.Equal(16384UL, root.GetProperty("blockCount").GetUInt64());
            Assert.Equal(4096u, root.GetProperty("inodeCount").GetUInt32());
            Assert.Equal(128u, root.GetProperty("vectorDim").GetUInt32());
            Assert.Equal(259u, root.GetProperty("dataStart").GetUInt32());
            Assert.Equal("lab", root.GetProperty("label").GetString());
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", root.GetProperty("uuid").GetString());
        }

        var again = await CliRun.RunAsync("mkfs", image, "--dim", "64");
        Assert.Equal(ExitCodes.Failure, again.ExitCode);
        Assert.Contains("already holds a vexfs filesystem (dim 128, label 'lab'); pass --force", again.Error, StringComparison.Ordinal);

        var forced = await CliRun.RunAsync("mkfs", image, "--dim", "64", "--force");
        Assert.Equal(ExitCodes.Ok, forced.ExitCode);
        Assert.Contains("vector dim:   64 (int8)", forced.Out, StringComparison.Ordinal);
        Assert.Contains("data start:   block 195", forced.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_too_small_image_exits_1_with_the_minimum_size()
    {
        var image = await ImageAsync("small.img", 25 * 4096);
        var result = await CliRun.RunAsync("mkfs", image, "--dim", "4096");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("device too small: need at least 212992 bytes", result.Error, StringComparison.Ordinal);
    }

    private async Task<string> ImageAsync(string name, long size)
    {
        var path = Path.Combine(_dir.FullName, name);
        await using var stream = File.Create(path);
        stream.SetLength(size);
        return path;
    }
}
