using System.Net.Sockets;
using System.Text;

namespace Vexfs.Lab;

/// <summary>The few QMP commands the lab sends: negotiate capabilities, then quit.</summary>
internal static class QmpClient
{
    public static async Task QuitAsync(string socketPath, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await reader.ReadLineAsync(ct); // greeting
        await SendAsync(stream, "{\"execute\":\"qmp_capabilities\"}", ct);
        await reader.ReadLineAsync(ct);
        await SendAsync(stream, "{\"execute\":\"quit\"}", ct);
        await reader.ReadLineAsync(ct);
    }

    private static async Task SendAsync(Stream stream, string json, CancellationToken ct)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(json + "\n"), ct);
        await stream.FlushAsync(ct);
    }
}
