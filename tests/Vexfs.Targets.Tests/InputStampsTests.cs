namespace Vexfs.Targets.Tests;

public sealed class InputStampsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vexfs-stamps-").FullName;

    [Fact]
    public void Folder_glob_covers_every_file_below_except_exclusions_and_build_outputs()
    {
        var stamps = new InputStamps(_root);
        string[] globs = ["src/**", "!src/**/*.o"];
        Write("src/a/module.c", "int x;");
        Write("src/a/module.o", "object");
        var before = stamps.ComputeHash(globs);

        Write("src/a/module.o", "rebuilt object");
        Write("src/a/bin/Debug/out.dll", "binary");
        Write("src/obj/cache", "cache");
        Assert.Equal(before, stamps.ComputeHash(globs));

        Write("src/a/deeper/fixture.log", "new fixture");
        Assert.NotEqual(before, stamps.ComputeHash(globs));
    }

    [Fact]
    public void Saved_hash_is_up_to_date_until_it_changes()
    {
        var stamps = new InputStamps(_root);
        stamps.Save("Compile", "ABC");

        Assert.True(stamps.IsUpToDate("Compile", "ABC"));
        Assert.False(stamps.IsUpToDate("Compile", "ABD"));
        Assert.False(stamps.IsUpToDate("Analyze", "ABC"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
