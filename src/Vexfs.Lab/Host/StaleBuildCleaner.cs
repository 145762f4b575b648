using Microsoft.Extensions.Logging;

namespace Vexfs.Lab.Host;

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
        StopProcessesIn(full);
        var mounts = File.Exists("/proc/self/mounts")
            ? MountPointsUnder(await File.ReadAllTextAsync("/proc/self/mounts", ct), full)
            : [];
        foreach (var mount in mounts)
        {
            logger.LogWarning("detaching {Mount} left mounted by an interrupted build", mount);
            await new ExternalTool(logger).RunAsync(tools.Require("umount", "mount"), ["--lazy", mount], ct);
        }

        logger.LogInformation("removing {Directory} (left by an interrupted build)", directory);
        if (Host.UserNamespace.IsRoot)
        {
            Directory.Delete(directory, recursive: true);
        }
        else
        {
            // A normal user's unpacked root filesystem holds files of its subordinate ids.
            await Host.UserNamespace.DeleteTreeAsync(tools, new ExternalTool(logger), directory, ct);
        }
    }

    /// <summary>
    /// A build killed with SIGKILL leaves its mmdebstrap (and the apt/dpkg under it) running, still writing
    /// into the directory. Everything whose command line, working directory or root is inside it is killed
    /// first; the caller holds the entry's lock, so no live build owns this directory.
    /// </summary>
    private void StopProcessesIn(string prefix)
    {
        for (var round = 0; round < 10; round++)
        {
            var workers = ProcessTable.Pids().Where(pid => pid != Environment.ProcessId && WorksIn(pid, prefix)).ToList();
            if (workers.Count == 0)
            {
                return;
            }

            foreach (var pid in workers)
            {
                logger.LogWarning("killing process {Pid} ({Command}) left working in {Directory} by an interrupted build",
                    pid, string.Join(' ', ProcessTable.CommandLine(pid).Take(2)), prefix);
                ProcessTable.Kill(pid);
            }

            Thread.Sleep(200);
        }
    }

    private static bool WorksIn(int pid, string prefix) =>
        ProcessTable.CommandLine(pid).Any(arg => arg.Contains(prefix.TrimEnd('/'), StringComparison.Ordinal))
        || Inside(ProcessTable.LinkTarget(pid, "cwd"), prefix)
        || Inside(ProcessTable.LinkTarget(pid, "root"), prefix);

    private static bool Inside(string? path, string prefix) => path is not null && (path + "/").StartsWith(prefix, StringComparison.Ordinal);

    /// <summary>Mount points below <paramref name="prefix"/>, deepest first (the order they must be unmounted in).</summary>
    internal static IReadOnlyList<string> MountPointsUnder(string procMounts, string prefix) =>
        [.. procMounts.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 1)
            .Select(fields => fields[1].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(mount => (mount + "/").StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(mount => mount.Length)];
}
