using System.Text;
using Vexctl.Serve;

namespace Vexctl.Tests.Serve;

public sealed class ServeRequestReaderTests
{
    private static byte[] Fields(params string[] fields) => Encoding.UTF8.GetBytes(string.Concat(fields.Select(f => f + "\0")));

    [Fact]
    public void A_request_arriving_in_pieces_is_taken_once_whole()
    {
        var reader = new ServeRequestReader();
        var bytes = Fields("42", "/mnt/vexfs test", "0", "11", "2", "3", "vec", "get", "ünï cöde");
        reader.Add(bytes.AsSpan(0, 20));
        Assert.Null(reader.TryTake());
        reader.Add(bytes.AsSpan(20));

        var request = reader.TryTake();

        Assert.NotNull(request);
        Assert.Equal((42, "/mnt/vexfs test", 0, 11, 2), (request.Pid, request.Directory, request.Stdin, request.Stdout, request.Stderr));
        Assert.Equal(["vec", "get", "ünï cöde"], request.Args);
        Assert.Null(reader.TryTake());
    }

    [Fact]
    public void Two_requests_in_one_read_are_taken_in_order_and_empty_arguments_count()
    {
        var reader = new ServeRequestReader();
        reader.Add([.. Fields("1", "/", "0", "1", "2", "0"), .. Fields("2", "/tmp", "0", "10", "2", "2", "", "--version")]);

        Assert.Empty(reader.TryTake()!.Args);
        Assert.Equal(["", "--version"], reader.TryTake()!.Args);
        Assert.Null(reader.TryTake());
    }

    [Theory]
    [InlineData("pid", "x", "0")]
    [InlineData("argument count", "7", "-1")]
    public void A_field_that_is_not_a_number_says_the_stream_is_out_of_step(string field, string pid, string count)
    {
        var reader = new ServeRequestReader();
        reader.Add(Fields(pid, "/", "0", "1", "2", count, "a"));

        var error = Assert.Throws<InvalidDataException>(() => reader.TryTake());

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Contains("out of step", error.Message, StringComparison.Ordinal);
    }
}
