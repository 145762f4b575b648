namespace VexfsBuild;

/// <summary>A run directory under /tmp removed when the target ends, however it ends (Ctrl-C included).</summary>
internal sealed class TempRunDirectory(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
