using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Pipeline;

/// <summary>The watcher behind VmShell --watch, on a real directory with real inotify events.</summary>
public sealed class SourceWatcherTests
{
    [Fact]
    public async Task A_burst_of_writes_is_one_batch_of_the_sources_touched()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("include"));
        using var watcher = new SourceWatcher(temp.Path);

        await File.WriteAllTextAsync(temp.Combine("super.c"), "a", ct);
        await File.WriteAllTextAsync(temp.Combine("super.o"), "object", ct);
        await File.WriteAllTextAsync(temp.Combine(".super.c.swp"), "editor", ct);
        await File.WriteAllTextAsync(temp.Combine("include", "vexfs.h"), "b", ct);
        await File.WriteAllTextAsync(temp.Combine("super.c"), "c", ct);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        Assert.Equal(["include/vexfs.h", "super.c"], await watcher.NextAsync(deadline.Token));
    }

    [Theory]
    [InlineData("Kbuild", true)]
    [InlineData("Makefile", true)]
    [InlineData("dir.c", true)]
    [InlineData("include/uapi/vexfs.h", true)]
    [InlineData("vexfs.mod.c", false)]
    [InlineData("dir.o", false)]
    [InlineData(".dir.o.cmd", false)]
    [InlineData("4913", false)]
    public void Only_sources_count(string path, bool source) => Assert.Equal(source, ModuleSourceBundle.IsSource(path));
}
