using Vexctl.Tests.Support;

namespace Vexctl.Tests.Vectors;

public sealed class VectorSourceTests
{
    [Fact]
    public async Task Vector_from_stdin_reaches_the_ioctl_layer()
    {
        // Parsing succeeds; the path is missing, so the run stops at open (exit 1) and not at parsing (exit 2).
        var result = await CliRun.RunWithStdinAsync("1 2\n3\n", "vec", "set", "/nonexistent/vexctl-file", "--from", "-");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot open: ENOENT (No such file or directory)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_vector_on_stdin_is_a_usage_error()
    {
        var result = await CliRun.RunWithStdinAsync("1 2 nope", "search", "/tmp", "--query-from", "-");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("value 3 ('nope') is not an integer", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_query_file_exits_1_naming_it()
    {
        var result = await CliRun.RunAsync("search", "/tmp", "--query-from", "/nonexistent/q.txt");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot read the vector from /nonexistent/q.txt", result.Error, StringComparison.Ordinal);
    }
}
