using Vexfs.Lab.Bench;

namespace Vexfs.Lab.Tests;

public sealed class BenchSourceCopyTests
{
    [Fact]
    public void The_copy_keeps_sources_and_times_and_each_edit_changes_exactly_one_line()
    {
        var root = Directory.CreateTempSubdirectory("vexfs-bench-src-").FullName;
        try
        {
            var original = Path.Combine(root, "orig");
            Directory.CreateDirectory(Path.Combine(original, "include", "uapi"));
            File.WriteAllText(Path.Combine(original, "main.c"), "int a;\nint b;\n");
            File.WriteAllText(Path.Combine(original, "include", "uapi", "vexfs.h"), "#define X 1\n");
            File.WriteAllText(Path.Combine(original, ".main.o.cmd"), "stale");
            File.WriteAllText(Path.Combine(original, "main.o"), "stale");
            var stamp = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(Path.Combine(original, "main.c"), stamp);

            var copy = new BenchSourceCopy(original, Path.Combine(root, "copy"));
            copy.Refresh();
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(copy.Directory, "main.c")));
            Assert.True(File.Exists(Path.Combine(copy.Directory, "include", "uapi", "vexfs.h")));
            Assert.False(File.Exists(Path.Combine(copy.Directory, ".main.o.cmd")));
            Assert.False(File.Exists(Path.Combine(copy.Directory, "main.o")));

            copy.EditOneLine();
            var once = File.ReadAllLines(Path.Combine(copy.Directory, "main.c"));
            copy.EditOneLine();
            var twice = File.ReadAllLines(Path.Combine(copy.Directory, "main.c"));

            Assert.Equal(3, once.Length);
            Assert.Equal(3, twice.Length);
            Assert.Single(once.Zip(twice), p => p.First != p.Second);
            Assert.Equal("int a;\nint b;\n", File.ReadAllText(Path.Combine(original, "main.c")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
