using System.Net;
using System.Net.Sockets;

namespace Vexfs.Lab.Host;

/// <summary>Asks the kernel for a free loopback TCP port (bind to port 0, read it, close).</summary>
internal static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
