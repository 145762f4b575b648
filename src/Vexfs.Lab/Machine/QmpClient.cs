using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Vexfs.Lab.Machine;

/// <summary>
/// A QMP connection to one QEMU: capabilities negotiated at connect, then one command at a time. Events
/// QEMU sends between replies (STOP, RESUME, MIGRATION…) are skipped.
/// </summary>
internal sealed class QmpClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private QmpClient(Socket socket, NetworkStream stream, StreamReader reader)
    {
        _socket = socket;
        _stream = stream;
        _reader = reader;
    }

    public static async Task<QmpClient> ConnectAsync(string socketPath, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
            var stream = new NetworkStream(socket, ownsSocket: false);
            var client = new QmpClient(socket, stream, new StreamReader(stream, Encoding.UTF8));
            await client._reader.ReadLineAsync(ct); // greeting
            await client.ExecuteAsync("qmp_capabilities", null, ct);
            return client;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Negotiate, then quit: the polite stop of a machine.</summary>
    public static async Task QuitAsync(string socketPath, CancellationToken ct)
    {
        await using var qmp = await ConnectAsync(socketPath, ct);
        await qmp.ExecuteAsync("quit", null, ct);
    }

    /// <summary>Runs one command and returns its "return" value; a QMP "error" reply throws a LabException.</summary>
    public async Task<JsonNode?> ExecuteAsync(string command, JsonObject? arguments, CancellationToken ct)
    {
        var request = new JsonObject { ["execute"] = command };
        if (arguments is not null)
        {
            request["arguments"] = arguments;
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToJsonString() + "\n"), ct);
        await _stream.FlushAsync(ct);
        while (true)
        {
            var line = await _reader.ReadLineAsync(ct)
                ?? throw new IOException($"QEMU closed the QMP connection during '{command}'");
            var reply = JsonNode.Parse(line)?.AsObject();
            if (reply is null || reply.ContainsKey("event"))
            {
                continue;
            }

            if (reply["error"] is { } error)
            {
                throw new LabException($"QMP '{command}' failed: {error["desc"]?.GetValue<string>() ?? error.ToJsonString()}");
            }

            return reply["return"];
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _stream.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
