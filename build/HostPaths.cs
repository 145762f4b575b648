using Microsoft.Extensions.Logging;

namespace VexfsBuild;

/// <summary>The Clean target's deletions.</summary>
internal static class HostPaths
{
    // Everything with bin/ and obj/ folders except build/, whose binaries are the running build.
    private static readonly string[] SourceFolders = ["src", "tests", "vexctl"];

    public static void Clean(string rootDirectory, ILogger logger)
    {
        var outputs = SourceFolders
            .Select(d => Path.Combine(rootDirectory, d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateDirectories(d, "*", SearchOption.AllDirectories))
            .Where(d => Path.GetFileName(d) is "bin" or "obj")
            .Append(Path.Combine(rootDirectory, "artifacts"))
            .Where(Directory.Exists)
            .ToList();
        foreach (var directory in outputs)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Deleting {Directory}", Path.GetRelativePath(rootDirectory, directory));
            }

            Directory.Delete(directory, recursive: true);
        }
    }
}
