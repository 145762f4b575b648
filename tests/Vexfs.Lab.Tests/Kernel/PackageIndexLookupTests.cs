using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Vexfs.Lab.Kernel;

namespace Vexfs.Lab.Tests.Kernel;

public sealed class PackageIndexLookupTests : IDisposable
{
    // Port 9 (discard) refuses: every lookup reads the cached index, as a run without network does.
    private const string Refusing = "http://127.0.0.1:9/debian";
    private readonly string _cache = Directory.CreateTempSubdirectory("vexfs-index-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    [Fact]
    public async Task A_lookup_is_remembered_for_the_same_index_file_and_parsed_again_when_it_changes()
    {
        var gz = WriteIndex("6.1.176-1");
        var source = new DebianPackageIndexSource(_cache, Refusing, NullLogger.Instance);

        var (first, offline, _) = await source.LookupAsync("bookworm", "linux-image-cloud-amd64", TestContext.Current.CancellationToken);
        Assert.Equal("6.1.176-1", first.Version);
        Assert.True(offline);

        // Proof the second answer comes from the memo, not a parse: the memo's version is changed under it.
        var memo = $"{gz}.linux-image-cloud-amd64.version";
        var lines = await File.ReadAllLinesAsync(memo, TestContext.Current.CancellationToken);
        await File.WriteAllLinesAsync(memo, [lines[0], "from-memo", lines[2]], TestContext.Current.CancellationToken);
        var (second, _, _) = await source.LookupAsync("bookworm", "linux-image-cloud-amd64", TestContext.Current.CancellationToken);
        Assert.Equal("from-memo", second.Version);

        WriteIndex("6.1.180-1");
        var (third, _, _) = await source.LookupAsync("bookworm", "linux-image-cloud-amd64", TestContext.Current.CancellationToken);
        Assert.Equal("6.1.180-1", third.Version);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(gz)!, "*.part"));
    }

    [Fact]
    public async Task A_package_the_index_lacks_is_an_error_and_remembers_nothing()
    {
        var gz = WriteIndex("6.1.176-1");
        var source = new DebianPackageIndexSource(_cache, Refusing, NullLogger.Instance);

        var e = await Assert.ThrowsAsync<LabException>(() => source.LookupAsync("bookworm", "linux-image-nothing", TestContext.Current.CancellationToken));
        Assert.Contains("no package linux-image-nothing", e.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(gz)!));
    }

    [Fact]
    public async Task The_mirror_is_asked_once_in_ten_minutes_and_the_same_bytes_again_keep_what_was_looked_up()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = Gzip(Index("6.1.176-1"));
        using var mirror = new WholeFileMirror(body);
        var source = new DebianPackageIndexSource(_cache, mirror.Url, NullLogger.Instance);

        Assert.Equal("6.1.176-1", (await source.LookupAsync("bookworm", "linux-image-cloud-amd64", ct)).Package.Version);
        Assert.Equal("6.1.176-1", (await source.LookupAsync("bookworm", "linux-image-cloud-amd64", ct)).Package.Version);
        Assert.Equal(1, mirror.Requests);

        // Ten minutes on: asked again, and the mirror sends the whole unchanged file, as the one measured here does.
        var gz = Path.Combine(_cache, "index", "bookworm-main-amd64-Packages.gz");
        var fetched = File.GetLastWriteTimeUtc(gz);
        File.SetLastWriteTimeUtc($"{gz}.asked", DateTime.UtcNow.AddMinutes(-11));
        await source.LookupAsync("bookworm", "linux-image-cloud-amd64", ct);
        Assert.Equal(2, mirror.Requests);
        Assert.Equal(fetched, File.GetLastWriteTimeUtc(gz));

        // Another mirror is asked at once.
        using var other = new WholeFileMirror(Gzip(Index("6.1.180-1")));
        var moved = await new DebianPackageIndexSource(_cache, other.Url, NullLogger.Instance).LookupAsync("bookworm", "linux-image-cloud-amd64", ct);
        Assert.Equal("6.1.180-1", moved.Package.Version);
        Assert.Equal(1, other.Requests);
    }

    private static string Index(string version) =>
        $"Package: linux-image-cloud-amd64\nVersion: {version}\nDepends: linux-image-6.1.0-50-cloud-amd64 (= {version})\n\nPackage: gcc\nVersion: 4:12.2.0-3\n";

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    /// <summary>A mirror on a loopback port that sends the whole file to every request, with no Last-Modified.</summary>
    private sealed class WholeFileMirror : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly byte[] _body;
        private int _requests;

        public WholeFileMirror(byte[] body)
        {
            _body = body;
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/debian";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = ServeAsync();
        }

        public string Url { get; }

        public int Requests => Volatile.Read(ref _requests);

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref _requests);
                context.Response.ContentLength64 = _body.Length;
                await context.Response.OutputStream.WriteAsync(_body);
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }
    }

    private string WriteIndex(string version)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_cache, "index")).FullName;
        var path = Path.Combine(directory, "bookworm-main-amd64-Packages.gz");
        var previous = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        File.WriteAllBytes(path, Gzip(Index(version)));

        // A new index differs in length or time; make the time differ even within one clock tick.
        if (File.GetLastWriteTimeUtc(path) <= previous)
        {
            File.SetLastWriteTimeUtc(path, previous.AddSeconds(1));
        }

        return path;
    }
}
