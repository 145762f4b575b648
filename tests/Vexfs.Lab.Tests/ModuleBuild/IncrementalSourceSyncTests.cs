using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.ModuleBuild;

public sealed class IncrementalSourceSyncTests
{
    private static readonly DateTime Old = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public async Task Only_changed_sources_are_copied_and_unchanged_ones_keep_their_mtimes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var src = temp.Combine("src");
        var build = temp.Combine("build");
        Write(src, "Kbuild", "obj-m := m.o\n", Old);
        Write(src, "a.c", "int a;\n", Old);
        Write(src, "b.c", "int b;\n", Old);
        Write(src, "include/uapi/x.h", "#define X 1\n", Old);
        Write(src, ".clang-format", "x\n", Old);

        Assert.Equal(["Kbuild", "a.c", "b.c", "include/uapi/x.h"], await IncrementalSourceSync.SyncAsync(src, build, ct));
        var copied = File.GetLastWriteTimeUtc(Path.Combine(build, "a.c"));
        Assert.False(File.Exists(Path.Combine(build, ".clang-format")));
        File.WriteAllText(Path.Combine(build, "a.o"), "object");

        Assert.Empty(await IncrementalSourceSync.SyncAsync(src, build, ct));

        Write(src, "b.c", "int b2;\n", Old.AddHours(1));
        var before = DateTime.UtcNow.AddSeconds(-1);
        Assert.Equal(["b.c"], await IncrementalSourceSync.SyncAsync(src, build, ct));
        Assert.True(File.GetLastWriteTimeUtc(Path.Combine(build, "b.c")) >= before);
        Assert.Equal(copied, File.GetLastWriteTimeUtc(Path.Combine(build, "a.c")));
        Assert.True(File.Exists(Path.Combine(build, "a.o")));
    }

    [Fact]
    public async Task A_changed_source_older_than_its_copy_gets_the_current_time_so_make_rebuilds_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var src = temp.Combine("src");
        var build = temp.Combine("build");
        Write(src, "Kbuild", "obj-m := m.o\n", Old);
        Write(src, "a.c", "int a;\n", Old.AddDays(1));
        await IncrementalSourceSync.SyncAsync(src, build, ct);

        Write(src, "a.c", "int other_checkout;\n", Old);
        var before = DateTime.UtcNow.AddSeconds(-1);
        Assert.Equal(["a.c"], await IncrementalSourceSync.SyncAsync(src, build, ct));
        Assert.True(File.GetLastWriteTimeUtc(Path.Combine(build, "a.c")) >= before);
        Assert.Equal("int other_checkout;\n", File.ReadAllText(Path.Combine(build, "a.c")));
    }

    [Fact]
    public async Task An_edit_older_than_an_object_another_checkout_built_is_still_newer_than_that_object()
    {
        // Checkout A edits a.c at 10:00; checkout B builds its own a.c into the shared tree at 11:00 (a.o at
        // 11:00); A syncs again: its a.c must come out newer than a.o, or make keeps B's object.
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var a = temp.Combine("a");
        var b = temp.Combine("b");
        var build = temp.Combine("build");
        Write(a, "Kbuild", "obj-m := m.o\n", Old);
        Write(b, "Kbuild", "obj-m := m.o\n", Old);
        Write(a, "a.c", "int edited_in_a;\n", Old.AddHours(10));
        Write(b, "a.c", "int from_b;\n", Old);
        await IncrementalSourceSync.SyncAsync(b, build, ct);
        Write(build, "a.o", "b's object", DateTime.UtcNow);

        Assert.Equal(["a.c"], await IncrementalSourceSync.SyncAsync(a, build, ct));
        Assert.True(File.GetLastWriteTimeUtc(Path.Combine(build, "a.c")) >= File.GetLastWriteTimeUtc(Path.Combine(build, "a.o")));
    }

    [Fact]
    public async Task A_source_deleted_from_the_checkout_leaves_the_build_tree()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var src = temp.Combine("src");
        var build = temp.Combine("build");
        Write(src, "Kbuild", "obj-m := m.o\n", Old);
        Write(src, "gone.c", "int g;\n", Old);
        await IncrementalSourceSync.SyncAsync(src, build, ct);
        File.Delete(Path.Combine(src, "gone.c"));

        Assert.Equal(["gone.c"], await IncrementalSourceSync.SyncAsync(src, build, ct));
        Assert.False(File.Exists(Path.Combine(build, "gone.c")));
        Assert.True(File.Exists(Path.Combine(build, "Kbuild")));
    }

    private static void Write(string root, string relative, string text, DateTime mtime)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, mtime);
    }
}
