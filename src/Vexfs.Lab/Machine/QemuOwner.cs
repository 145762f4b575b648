using System.Globalization;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;

namespace Vexfs.Lab.Machine;

/// <summary>
/// The guard against orphaned guests: each run writes qemu.owner (its pid and start time) beside QEMU's
/// pidfile. A build killed with SIGKILL cannot stop its QEMU, so every later start sweeps the host: a
/// qemu-system (or virtiofsd) process whose -pidfile (or socket) sits beside an owner file naming a
/// process that is gone is killed and its run files removed. QEMUs without an owner file (not started by the lab) are never touched.
/// </summary>
public static class QemuOwner
{
    public const string FileName = "qemu.owner";

    /// <summary>Records the current process as the owner of the QEMU about to start in <paramref name="runDirectory"/>.</summary>
    public static async Task WriteAsync(string runDirectory, CancellationToken ct)
    {
        var pid = Environment.ProcessId;
        var start = ProcessTable.StartTime(pid) ?? 0;
        await File.WriteAllTextAsync(Path.Combine(runDirectory, FileName), $"{pid} {start}\n", ct);
    }

    /// <summary>QEMUs of the lab whose owner process is gone: (QEMU pid, its run directory).</summary>
    public static IReadOnlyList<(int Pid, string RunDirectory)> FindOrphans()
    {
        var orphans = new List<(int, string)>();
        foreach (var pid in ProcessTable.Pids())
        {
            if (RunDirectoryOf(ProcessTable.CommandLine(pid)) is not { } runDirectory)
            {
                continue;
            }

            var owner = Path.Combine(runDirectory, FileName);
            if (File.Exists(owner) && !IsAlive(File.ReadAllText(owner)))
            {
                orphans.Add((pid, runDirectory));
            }
        }

        return orphans;
    }

    /// <summary>
    /// The run directory of a lab process: a QEMU's -pidfile, or a virtiofsd's --socket-path (a run killed
    /// in the moment between starting virtiofsd and plugging it into QEMU leaves one that waits forever).
    /// </summary>
    internal static string? RunDirectoryOf(IReadOnlyList<string> argv)
    {
        var name = argv.Count == 0 ? "" : Path.GetFileName(argv[0]);
        var file = name.StartsWith("qemu-system", StringComparison.Ordinal) ? argv.SkipWhile(a => a != "-pidfile").Skip(1).FirstOrDefault()
            : name == "virtiofsd" ? argv.FirstOrDefault(a => a.StartsWith("--socket-path=", StringComparison.Ordinal))?["--socket-path=".Length..]
            : null;
        return file is null ? null : Path.GetDirectoryName(file);
    }

    /// <summary>
    /// Kills every orphaned lab QEMU and removes its run files once it has exited (a killed QEMU still
    /// finishing a syscall could otherwise create a file after the sweep deleted it); returns how many there were.
    /// </summary>
    public static async Task<int> SweepOrphansAsync(ILogger logger, CancellationToken ct)
    {
        var orphans = FindOrphans();
        foreach (var (pid, runDirectory) in orphans)
        {
            logger.LogWarning("killing {Process} {Pid} of {Dir}: the run that started it is gone (killed before it could stop its guest)",
                ProcessTable.CommandLine(pid) is [var program, ..] ? Path.GetFileName(program) : "process", pid, runDirectory);
            ProcessTable.Kill(pid);
        }

        foreach (var (pid, _) in orphans)
        {
            if (!await ProcessTable.WaitForExitAsync(pid, TimeSpan.FromSeconds(10), ct))
            {
                logger.LogWarning("process {Pid} did not exit within 10 s of SIGKILL (stuck in the kernel?); its run files are removed anyway", pid);
            }
        }

        foreach (var runDirectory in orphans.Select(o => o.RunDirectory).Distinct(StringComparer.Ordinal))
        {
            RemoveRunFiles(runDirectory, logger);
        }

        return orphans.Count;
    }

    private static void RemoveRunFiles(string runDirectory, ILogger logger)
    {
        if (!Directory.Exists(runDirectory))
        {
            return;
        }

        var files = new QemuRunFiles(runDirectory);
        foreach (var file in files.Disposable.Append(files.ConsoleLog).Append(files.HostBuiltModule))
        {
            File.Delete(file);
        }

        // The share's bind mounts live in virtiofsd's own mount namespace, gone with it: on the host the
        // directory holds only what the lab staged there.
        if (Directory.Exists(files.ShareDirectory))
        {
            Directory.Delete(files.ShareDirectory, recursive: true);
        }

        var left = Directory.EnumerateFileSystemEntries(runDirectory).Select(Path.GetFileName).ToList();
        if (left.Count == 0)
        {
            Directory.Delete(runDirectory);
        }
        else
        {
            logger.LogWarning("kept {Dir}: it holds files the lab did not make there ({Files})", runDirectory, string.Join(", ", left));
        }
    }

    /// <summary>"pid starttime": alive only if that pid exists with that start time (a reused pid is another process).</summary>
    internal static bool IsAlive(string ownerLine)
    {
        var fields = ownerLine.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length != 2
            || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            // Unreadable: leave the QEMU alone rather than kill something we cannot attribute.
            return true;
        }

        return ProcessTable.StartTime(pid) == start;
    }
}
