using Vexctl.Device;
using Vexctl.Native;

namespace Vexctl.Tests.Device;

/// <summary>Inode → path on a real directory tree of this host.</summary>
public sealed class InodePathResolverTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vexctl-ino-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Resolves_inodes_of_nested_files_and_leaves_unknown_ones_out()
    {
        var nested = Directory.CreateDirectory(Path.Combine(_dir.FullName, "a", "b"));
        var first = Path.Combine(_dir.FullName, "one.txt");
        var second = Path.Combine(nested.FullName, "two.txt");
        await File.WriteAllTextAsync(first, "1", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(second, "2", TestContext.Current.CancellationToken);
        File.CreateSymbolicLink(Path.Combine(_dir.FullName, "link"), second);
        var firstIno = FileIdentity.TryGet(first, out _)!.Value.Ino;
        var secondIno = FileIdentity.TryGet(second, out _)!.Value.Ino;

        // Searching from the subdirectory finds the file outside it too (the rest of the mount is walked).
        var paths = InodePathResolver.Resolve(nested.FullName, [firstIno, secondIno]);
        Assert.Equal(first, paths[firstIno]);
        Assert.Equal(second, paths[secondIno]);

        var fromTop = InodePathResolver.Resolve(_dir.FullName, [secondIno]);
        Assert.Equal(second, fromTop[secondIno]);
        Assert.Empty(InodePathResolver.Resolve(_dir.FullName, []));
    }
}
