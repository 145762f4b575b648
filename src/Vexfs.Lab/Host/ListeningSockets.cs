using System.Globalization;
using System.Net;

namespace Vexfs.Lab.Host;

/// <summary>The TCP sockets a process listens on, from /proc/net/tcp{,6} and its fd table.</summary>
public static class ListeningSockets
{
    private const string ListenState = "0A";

    /// <summary>Every address:port <paramref name="pid"/> listens on (IPv4 and IPv6).</summary>
    public static IReadOnlyList<IPEndPoint> Of(int pid)
    {
        var inodes = SocketInodes(pid);
        return [.. Table("/proc/net/tcp").Concat(Table("/proc/net/tcp6")).Where(s => inodes.Contains(s.Inode)).Select(s => s.EndPoint)];
    }

    /// <summary>Whether <paramref name="pid"/> itself owns a listening socket on <paramref name="port"/> (not merely someone).</summary>
    public static bool IsListenedBy(int pid, int port) => Of(pid).Any(e => e.Port == port);

    private static HashSet<string> SocketInodes(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<string> fds;
        try
        {
            fds = Directory.EnumerateFiles($"/proc/{pid}/fd").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return inodes;
        }

        foreach (var fd in fds)
        {
            if (ProcessTable.LinkTarget(pid, "fd/" + Path.GetFileName(fd)) is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target["socket:[".Length..^1]);
            }
        }

        return inodes;
    }

    private static IEnumerable<(IPEndPoint EndPoint, string Inode)> Table(string path)
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(path).Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 9 && fields[3] == ListenState)
            {
                yield return (Parse(fields[1]), fields[9]);
            }
        }
    }

    /// <summary>"0100007F:1F90" (address in host byte order, 32-bit words) → 127.0.0.1:8080.</summary>
    internal static IPEndPoint Parse(string hexEndPoint)
    {
        var parts = hexEndPoint.Split(':');
        var port = int.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var hex = parts[0];
        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < hex.Length / 8; word++)
        {
            var value = uint.Parse(hex.AsSpan(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            BitConverter.TryWriteBytes(bytes.AsSpan(word * 4, 4), value);
        }

        return new IPEndPoint(new IPAddress(bytes), port);
    }
}
