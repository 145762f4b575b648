using System.IO.Compression;
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

    private string WriteIndex(string version)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_cache, "index")).FullName;
        var path = Path.Combine(directory, "bookworm-main-amd64-Packages.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gz))
        {
            writer.Write($"Package: linux-image-cloud-amd64\nVersion: {version}\nDepends: linux-image-6.1.0-50-cloud-amd64 (= {version})\n\nPackage: gcc\nVersion: 4:12.2.0-3\n");
        }

        // A new index differs in length or time; make the time differ even within one clock tick.
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(version.GetHashCode(StringComparison.Ordinal) % 1000));
        return path;
    }
}
