using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Vexfs.Lab.Kernel;

/// <summary>
/// The package versions a suite of the mirror serves, from its dists/&lt;suite&gt;/main/binary-amd64/Packages.gz.
/// The file is kept in the cache (index/); the mirror is asked again (If-Modified-Since) once ten minutes have
/// passed or the mirror changed, so a warm loop costs no request; with the mirror unreachable the cached copy is
/// used and <see cref="Offline"/> says so.
/// </summary>
public sealed record DebianPackageIndex(string Suite, IReadOnlyDictionary<string, DebianPackage> Packages, bool Offline, DateTimeOffset FetchedAt)
{
    /// <summary>The package, or an error naming the suite and mirror.</summary>
    public DebianPackage Require(string name) =>
        Packages.TryGetValue(name, out var p) ? p : throw new LabException(
            $"the {Suite} package index of the mirror has no package {name}", "check --mirror: it must carry the suite's main component");

    /// <summary>The highest linux-source-X.Y of the suite (sid carries one; bookworm linux-source-6.1).</summary>
    public DebianPackage LatestKernelSource() =>
        Packages.Values.Where(p => KernelSourceVersion(p.Name) is not null).MaxBy(p => KernelSourceVersion(p.Name))
        ?? throw new LabException($"the {Suite} package index of the mirror has no linux-source-X.Y package", "check --mirror");

    /// <summary>The gcc the suite's "gcc" package depends on (gcc-12 in bookworm), the compiler a build root gets.</summary>
    public DebianPackage Compiler()
    {
        var gcc = Require("gcc");
        var name = gcc.Depends.Split(',').Select(d => d.Trim().Split(' ')[0]).FirstOrDefault(d => d.StartsWith("gcc-", StringComparison.Ordinal));
        return name is null ? gcc : Require(name);
    }

    internal static Version? KernelSourceVersion(string name) =>
        name.StartsWith("linux-source-", StringComparison.Ordinal) && Version.TryParse(name["linux-source-".Length..], out var v) ? v : null;

    /// <summary>Parses the stanzas of a Packages file (only the fields the kit reads); the highest version wins.</summary>
    public static Dictionary<string, DebianPackage> Parse(TextReader reader)
    {
        var packages = new Dictionary<string, DebianPackage>(StringComparer.Ordinal);
        string? name = null, version = null, depends = null;
        void Flush()
        {
            if (name is not null && version is not null && (!packages.TryGetValue(name, out var old) || string.CompareOrdinal(version, old.Version) > 0))
            {
                packages[name] = new DebianPackage(name, version, depends ?? "");
            }

            name = version = depends = null;
        }

        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                Flush();
            }
            else if (line.StartsWith("Package: ", StringComparison.Ordinal))
            {
                name = line[9..].Trim();
            }
            else if (line.StartsWith("Version: ", StringComparison.Ordinal))
            {
                version = line[9..].Trim();
            }
            else if (line.StartsWith("Depends: ", StringComparison.Ordinal))
            {
                depends = line[9..].Trim();
            }
        }

        Flush();
        return packages;
    }
}

/// <summary>One package of a suite's index.</summary>
public sealed record DebianPackage(string Name, string Version, string Depends);

/// <summary>Fetches (or reuses) a suite's package index.</summary>
public sealed class DebianPackageIndexSource(string cacheDir, string mirror, ILogger logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // The mirror is asked at most this often. The one measured here answers If-Modified-Since with the whole
    // file (12 MB for bookworm, 0.5 s of every run), and a kernel package that moved minutes ago can wait a loop.
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(10);

    public async Task<DebianPackageIndex> LoadAsync(string suite, CancellationToken ct)
    {
        var (path, offline) = await RefreshOrCachedAsync(suite, ct);
        return new DebianPackageIndex(suite, ParseFile(path), offline, File.GetLastWriteTimeUtc(path));
    }

    /// <summary>
    /// One package, without parsing the whole index on a warm run (bookworm's is 45 MB, 0.65 s of every run's
    /// image phase): the answer is kept beside the index with the index file's length and time, and reused
    /// while they match.
    /// </summary>
    public async Task<(DebianPackage Package, bool Offline, DateTimeOffset FetchedAt)> LookupAsync(string suite, string name, CancellationToken ct)
    {
        var (path, offline) = await RefreshOrCachedAsync(suite, ct);
        var fetched = File.GetLastWriteTimeUtc(path);
        var stamp = $"{new FileInfo(path).Length} {fetched.Ticks}";
        var memo = $"{path}.{name}.version";
        var lines = File.Exists(memo) ? await File.ReadAllLinesAsync(memo, ct) : [];
        if (lines.Length == 3 && lines[0] == stamp)
        {
            return (new DebianPackage(name, lines[1], lines[2]), offline, fetched);
        }

        var package = new DebianPackageIndex(suite, ParseFile(path), offline, fetched).Require(name);
        await WriteWholeAsync(memo, [stamp, package.Version, package.Depends], ct);
        return (package, offline, fetched);
    }

    private static async Task WriteWholeAsync(string path, string[] lines, CancellationToken ct)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.part";
        await File.WriteAllLinesAsync(temp, lines, ct);
        File.Move(temp, path, overwrite: true);
    }

    private async Task<(string Path, bool Offline)> RefreshOrCachedAsync(string suite, CancellationToken ct)
    {
        var directory = Directory.CreateDirectory(Path.Combine(cacheDir, "index")).FullName;
        var path = Path.Combine(directory, $"{suite}-main-amd64-Packages.gz");
        var url = $"{mirror.TrimEnd('/')}/dists/{suite}/main/binary-amd64/Packages.gz";
        var asked = $"{path}.asked";
        if (File.Exists(path) && File.Exists(asked) && DateTime.UtcNow - File.GetLastWriteTimeUtc(asked) < Fresh
            && (await File.ReadAllTextAsync(asked, ct)).TrimEnd() == url)
        {
            return (path, false);
        }

        try
        {
            await RefreshAsync(url, path, ct);
            await WriteWholeAsync(asked, [url], ct);
            return (path, false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            if (!File.Exists(path))
            {
                throw new LabException($"cannot read the package index {url} ({e.Message}) and none is cached", "connect to the mirror (or pass --mirror) for the first run; later runs work offline", e);
            }

            logger.LogWarning("the mirror is unreachable ({Reason}); using the package index cached on {Date:u}", e.Message, File.GetLastWriteTimeUtc(path));
            return (path, true);
        }
    }

    private static async Task<bool> SameContentAsync(string a, string b, CancellationToken ct)
    {
        if (new FileInfo(a).Length != new FileInfo(b).Length)
        {
            return false;
        }

        await using var first = File.OpenRead(a);
        await using var second = File.OpenRead(b);
        var hashA = await SHA256.HashDataAsync(first, ct);
        var hashB = await SHA256.HashDataAsync(second, ct);
        return hashA.AsSpan().SequenceEqual(hashB);
    }

    private static Dictionary<string, DebianPackage> ParseFile(string path)
    {
        using var file = File.OpenRead(path);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        return DebianPackageIndex.Parse(reader);
    }

    private async Task RefreshAsync(string url, string path, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (File.Exists(path))
        {
            request.Headers.IfModifiedSince = File.GetLastWriteTimeUtc(path);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return;
        }

        response.EnsureSuccessStatusCode();
        var temp = $"{path}.{Guid.NewGuid():N}.part";
        try
        {
            await using (var output = File.Create(temp))
            {
                await response.Content.CopyToAsync(output, ct);
            }

            // The same bytes again (a mirror that ignores If-Modified-Since) keep the file and its time, so what
            // was looked up in it stays valid.
            if (File.Exists(path) && await SameContentAsync(temp, path, ct))
            {
                return;
            }

            File.Move(temp, path, overwrite: true);
            if (response.Content.Headers.LastModified is { } modified)
            {
                File.SetLastWriteTimeUtc(path, modified.UtcDateTime);
            }

            logger.LogInformation("package index of {Url} fetched", url);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
