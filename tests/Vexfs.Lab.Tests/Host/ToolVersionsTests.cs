using Vexfs.Lab.Host;

namespace Vexfs.Lab.Tests.Host;

/// <summary>A tool's version is read once per executable, and again when the executable changes.</summary>
public sealed class ToolVersionsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("vexfs-toolversions-").FullName;

    [Fact]
    public void The_version_is_read_once_until_the_executable_changes()
    {
        var tool = WriteTool("tool 1.0");
        var versions = new ToolVersions(Path.Combine(dir, "cache"));

        Assert.Equal("tool 1.0", versions.Read(tool, "--version"));
        Assert.Equal("tool 1.0", new ToolVersions(Path.Combine(dir, "cache")).Read(tool, "--version"));
        Assert.Equal(1, Runs());

        WriteTool("tool 2.0 (a longer line)");
        Assert.Equal("tool 2.0 (a longer line)", versions.Read(tool, "--version"));
        Assert.Equal(2, Runs());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(dir, "cache", ToolVersions.Folder), "*.tmp"));
    }

    [Fact]
    public void A_torn_entry_is_read_again_from_the_tool()
    {
        var tool = WriteTool("tool 1.0");
        var cache = Path.Combine(dir, "cache");
        new ToolVersions(cache).Read(tool, "--version");
        foreach (var entry in Directory.EnumerateFiles(Path.Combine(cache, ToolVersions.Folder)))
        {
            File.WriteAllText(entry, "half");
        }

        Assert.Equal("tool 1.0", new ToolVersions(cache).Read(tool, "--version"));
        Assert.Equal(2, Runs());
    }

    [Fact]
    public void An_unwritable_cache_still_gives_the_version()
    {
        var tool = WriteTool("tool 1.0");
        var notADirectory = Path.Combine(dir, "file");
        File.WriteAllText(notADirectory, "");

        Assert.Equal("tool 1.0", new ToolVersions(notADirectory).Read(tool, "--version"));
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    // The tool counts its runs in a file beside it.
    private string WriteTool(string version)
    {
        var path = Path.Combine(dir, "tool");
        File.WriteAllText(path, $"#!/bin/sh\necho x >> '{dir}/runs'\necho '{version}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private int Runs() => File.Exists(Path.Combine(dir, "runs")) ? File.ReadAllLines(Path.Combine(dir, "runs")).Length : 0;
}
