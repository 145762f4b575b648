namespace Vexfs.Lab.Tests.Support;

/// <summary>A PATH of symlinks to every program of /usr/local/bin, /usr/bin and /bin except the hidden ones: a host "without" them.</summary>
internal sealed class ShadowPath : IDisposable
{
    private static readonly string[] ProgramDirectories = ["/usr/local/bin", "/usr/bin", "/bin"];
    private readonly TempDirectory _directory = new();

    public ShadowPath(params string[] hidden)
    {
        foreach (var dir in ProgramDirectories.Where(Directory.Exists))
        {
            foreach (var program in Directory.EnumerateFileSystemEntries(dir))
            {
                var link = _directory.Combine(Path.GetFileName(program));
                if (!hidden.Contains(Path.GetFileName(program)) && !File.Exists(link) && !Directory.Exists(link))
                {
                    File.CreateSymbolicLink(link, program);
                }
            }
        }
    }

    public string Value => _directory.Path;

    public void Dispose() => _directory.Dispose();
}
