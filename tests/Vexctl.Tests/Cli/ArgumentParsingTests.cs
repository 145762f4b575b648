using Vexctl.Cli;
using Vexctl.Tests.Support;

namespace Vexctl.Tests.Cli;

public sealed class ArgumentParsingTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("status", "--json", "--full")]
    [InlineData("mkfs", "/dev/vdb", "--dim", "128")]
    [InlineData("mkfs", "img", "--dim", "4096", "--inodes", "100", "--label", "data", "--force", "--json")]
    [InlineData("vec", "set", "/mnt/a", "1,2,3")]
    [InlineData("vec", "set", "/mnt/a", "--", "-1,2,3")]
    [InlineData("vec", "set", "/mnt/a", "--from", "-", "--quantize")]
    [InlineData("vec", "get", "/mnt/a", "--json", "--dim", "3")]
    [InlineData("vec", "clear", "/mnt/a")]
    [InlineData("search", "/mnt", "--query", "1,2,3", "--k", "5", "--metric", "dot", "--json")]
    [InlineData("search", "/mnt", "--query=-1,2,3")]
    [InlineData("search", "/mnt", "--query-from", "q.txt", "-k", "1024", "--quantize")]
    [InlineData("bench", "/mnt", "--vectors", "100", "--queries", "10", "--k", "10", "--seed", "7", "--keep", "--subdir", "b")]
    public void Valid_command_lines_parse_without_errors(params string[] args) =>
        Assert.Empty(CliRun.ParseErrors(args));

    [Theory]
    [InlineData("--k 0 is out of range: give 1..1024", "search", "/mnt", "--query", "1", "--k", "0")]
    [InlineData("--k 1025 is out of range: give 1..1024", "search", "/mnt", "--query", "1", "--k", "1025")]
    [InlineData("cosine", "search", "/mnt", "--query", "1", "--metric", "cosine")]
    [InlineData("give exactly one of --query and --query-from", "search", "/mnt")]
    [InlineData("give exactly one of --query and --query-from", "search", "/mnt", "--query", "1", "--query-from", "q")]
    [InlineData("give exactly one of VALUES and --from", "vec", "set", "/mnt/a")]
    [InlineData("give exactly one of VALUES and --from", "vec", "set", "/mnt/a", "1,2", "--from", "-")]
    [InlineData("--dim", "mkfs", "img")]
    [InlineData("--dim 0 is out of range: give 1..4096", "mkfs", "img", "--dim", "0")]
    [InlineData("--dim 5000 is out of range: give 1..4096", "mkfs", "img", "--dim", "5000")]
    [InlineData("--label is 32 bytes; at most 31 fit", "mkfs", "img", "--dim", "8", "--label", "abcdefghijklmnopqrstuvwxyz012345")]
    [InlineData("--vectors 0 is out of range", "bench", "/mnt", "--vectors", "0", "--queries", "1")]
    [InlineData("--queries", "bench", "/mnt", "--vectors", "1")]
    [InlineData("Required command was not provided")]
    [InlineData("frobnicate", "frobnicate")]
    public void Invalid_command_lines_report_what_is_wrong(string expected, params string[] args)
    {
        var errors = CliRun.ParseErrors(args);
        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parse_errors_exit_2_with_the_message_on_stderr()
    {
        var result = await CliRun.RunAsync("search", "/mnt", "--query", "1", "--k", "2000");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("vexctl: --k 2000 is out of range: give 1..1024\n", result.Error, StringComparison.Ordinal);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Help_lists_every_command_and_exits_0()
    {
        var result = await CliRun.RunAsync("--help");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        foreach (var command in new[] { "status", "mkfs", "vec", "search", "bench" })
        {
            Assert.Contains(command, result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bad_vector_text_is_a_usage_error()
    {
        var result = await CliRun.RunAsync("vec", "set", "/nonexistent/file", "1,300,2");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("value 2 (300) is out of range -128..127", result.Error, StringComparison.Ordinal);
    }
}
