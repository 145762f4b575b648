using System.Globalization;

namespace Vexfs.Lab.Host;

/// <summary>Linux /proc facts about processes: command lines, start times, liveness (no shelling out).</summary>
internal static class ProcessTable
{
    /// <summary>Every process id in /proc.</summary>
    public static IEnumerable<int> Pids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    /// <summary>The argv of <paramref name="pid"/>, or empty when it is gone or unreadable.</summary>
    public static IReadOnlyList<string> CommandLine(int pid) =>
        Read($"/proc/{pid}/cmdline")?.Split('\0', StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>Field 22 of /proc/pid/stat (start time in clock ticks since boot): with the pid it names one process for good.</summary>
    public static long? StartTime(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        if (stat is null)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces; count fields after its ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }

    /// <summary>The parent pid of <paramref name="pid"/>, or null when it is gone.</summary>
    public static int? ParentOf(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        if (stat is null)
        {
            return null;
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid) ? ppid : null;
    }

    /// <summary>Where /proc/pid/&lt;link&gt; (cwd, root, fd/N) points, or null.</summary>
    public static string? LinkTarget(int pid, string link)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/{link}").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="pid"/> has exited: gone from /proc, or a zombie (its files are closed; only its parent's wait is missing).</summary>
    public static bool HasExited(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        return stat is null || stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
    }

    /// <summary>Polls until <paramref name="pid"/> has exited or <paramref name="timeout"/> passes; true when it exited.</summary>
    public static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!HasExited(pid))
        {
            if (watch.Elapsed >= timeout)
            {
                return false;
            }

            await Task.Delay(50, ct);
        }

        return true;
    }

    public static void Kill(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone already.
        }
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
