using Microsoft.Extensions.Logging;

namespace Vexfs.Lab;

/// <summary>
/// Removes the temp directories of interrupted builds. A build killed mid-mmdebstrap can leave /proc or
/// /dev mounted inside its root, so those mounts are detached before anything is deleted.
/// </summary>
internal sealed class StaleBuildCleaner(ToolLocator tools, ILogger logger)
{
    public async Task RemoveAsync(string directory, CancellationToken ct)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        var full = Path.GetFullPath(directory).TrimEnd('/') + "/";
        var mounts = File.Exists("/proc/self/mounts")
            ? MountPointsUnder(await File.ReadAllTextAsync("/proc/self/mounts", ct), full)
            : [];
        foreach (var mount in mounts)
        {
            logger.LogWarning("detaching {Mount} left mounted by an interrupted build", mount);
            await new ExternalTool(logger).RunAsync(tools.Require("umount", "mount"), ["--lazy", mount], ct);
        }

        logger.LogInformation("removing {Directory} (left by an interrupted build)", directory);
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Mount points below <paramref name="prefix"/>, deepest first (the order they must be unmounted in).</summary>
    internal static IReadOnlyList<string> MountPointsUnder(string procMounts, string prefix) =>
        [.. procMounts.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 1)
            .Select(fields => fields[1].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(mount => (mount + "/").StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(mount => mount.Length)];
}
