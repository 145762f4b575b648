using Vexctl.Cli;
using Vexctl.Vectors;

namespace Vexctl.Tests.Vectors;

public sealed class ImportReaderTests
{
    [Fact]
    public async Task Lines_become_paths_and_vectors_with_their_line_numbers()
    {
        var input = "# vectors of the docs\n/mnt/a.txt\t1,-2,3\n\n   \n/mnt/dir with space/b\t-128 127\t0\r\nrel/c\t5\n";
        var lines = await ImportReader.ReadAsync(new StringReader(input), "in.tsv", quantize: false, TestContext.Current.CancellationToken);
        Assert.Equal([2, 5, 6], lines.Select(l => l.LineNumber));
        Assert.Equal(["/mnt/a.txt", "/mnt/dir with space/b", "rel/c"], lines.Select(l => l.Path));
        Assert.Equal(new sbyte[] { 1, -2, 3 }, lines[0].Vector);
        Assert.Equal(new sbyte[] { -128, 127, 0 }, lines[1].Vector);
        Assert.Equal(new sbyte[] { 5 }, lines[2].Vector);
    }

    [Fact]
    public async Task Quantize_scales_each_line_by_its_own_factor()
    {
        var lines = await ImportReader.ReadAsync(new StringReader("/a\t0.5,-1\n/b\t10,5\n"), "-", quantize: true, TestContext.Current.CancellationToken);
        Assert.Equal(new sbyte[] { 64, -127 }, lines[0].Vector);
        Assert.Equal(new sbyte[] { 127, 64 }, lines[1].Vector);
    }

    [Fact]
    public async Task Empty_input_is_no_lines()
    {
        Assert.Empty(await ImportReader.ReadAsync(new StringReader("\n# nothing\n"), "-", false, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("/a\t1\n/b 2\n", "in.tsv line 2: no TAB: give PATH<TAB>VALUES")]
    [InlineData("\t1,2\n", "in.tsv line 1: the path is empty")]
    [InlineData("/a\t1\n/b\t\n", "in.tsv line 2: the vector is empty")]
    [InlineData("#\n/a\t1,x\n", "in.tsv line 2: value 2 ('x') is not an integer")]
    [InlineData("/a\t1,200\n", "in.tsv line 1: value 2 (200) is out of range -128..127")]
    public async Task Bad_lines_are_usage_errors_naming_the_line(string input, string message)
    {
        var e = await Assert.ThrowsAsync<VexctlException>(() =>
            ImportReader.ReadAsync(new StringReader(input), "in.tsv", false, TestContext.Current.CancellationToken));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }
}
