using System.Globalization;
using System.Text;

namespace Vexctl.Serve;

/// <summary>
/// One command a client of `vexctl serve` sent: the caller's pid, its working directory, the descriptors that are its
/// standard input, output and error (see ClientScript), and the arguments.
/// </summary>
internal sealed record ServeRequest(int Pid, string Directory, int Stdin, int Stdout, int Stderr, IReadOnlyList<string> Args);

/// <summary>
/// Splits the request stream into requests. A request is NUL-terminated fields, as bash's
/// <c>printf '%s\0' "$BASHPID" "$PWD" 0 "$out" 2 "$#" "$@"</c> writes them, the fields of
/// <see cref="ServeRequest"/> with the argument count before the arguments. Bytes arrive in any pieces; a request is taken once all of it is in.
/// </summary>
internal sealed class ServeRequestReader
{
    private const int Fixed = 6; // pid, directory, three descriptors, argument count

    private readonly List<byte> pending = [];

    public void Add(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            pending.Add(b);
        }
    }

    /// <summary>The next whole request, or null until one has arrived; throws when the stream is not requests.</summary>
    public ServeRequest? TryTake()
    {
        var fields = new List<string>();
        var start = 0;
        int? count = null;
        for (var i = 0; i < pending.Count; i++)
        {
            if (pending[i] != 0)
            {
                continue;
            }

            fields.Add(Encoding.UTF8.GetString(pending.GetRange(start, i - start).ToArray()));
            start = i + 1;
            if (fields.Count == Fixed)
            {
                count = Number(fields[Fixed - 1], "argument count");
            }

            if (count is { } n && fields.Count == Fixed + n)
            {
                pending.RemoveRange(0, start);
                return new ServeRequest(
                    Number(fields[0], "pid"), fields[1], Number(fields[2], "stdin"), Number(fields[3], "stdout"), Number(fields[4], "stderr"), fields.GetRange(Fixed, n));
            }
        }

        return null;
    }

    private static int Number(string field, string what) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new InvalidDataException($"a request's {what} is not a number ({field}): the request stream is out of step");
}
