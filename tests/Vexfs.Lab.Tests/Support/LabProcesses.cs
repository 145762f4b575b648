using Vexfs.Lab.Host;

namespace Vexfs.Lab.Tests.Support;

/// <summary>The lab's processes as a real-guest test sees them: QEMUs started under a build, their run directories, their end.</summary>
internal static class LabProcesses
{
    /// <summary>Lab QEMUs whose parent is <paramref name="parentPid"/> (a build started by the test).</summary>
    public static IReadOnlyList<int> QemuChildrenOf(int parentPid) =>
        [.. ProcessTable.Pids().Where(pid => ProcessTable.ParentOf(pid) == parentPid && IsQemu(pid))];

    /// <summary>Every qemu-system process whose command line mentions <paramref name="text"/>.</summary>
    public static IReadOnlyList<int> QemusMentioning(string text) =>
        [.. ProcessTable.Pids().Where(pid => IsQemu(pid) && ProcessTable.CommandLine(pid).Any(a => a.Contains(text, StringComparison.Ordinal)))];

    /// <summary>The -pidfile argument of a QEMU: its run directory.</summary>
    public static string RunDirectoryOf(int qemuPid) =>
        Path.GetDirectoryName(ProcessTable.CommandLine(qemuPid).SkipWhile(a => a != "-pidfile").Skip(1).First())!;

    public static async Task<int> WaitForQemuChildAsync(BuildScript build, TimeSpan timeout, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < timeout && !build.HasExited)
        {
            if (QemuChildrenOf(build.Pid) is [var pid, ..])
            {
                return pid;
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"no QEMU under ./build.sh (pid {build.Pid}) within {timeout.TotalSeconds:F0} s; output:\n{build.Output}");
    }

    /// <summary>Waits for a process to be gone (a killed QEMU takes a moment to be reaped).</summary>
    public static Task<bool> GoneAsync(int pid, TimeSpan timeout) => ProcessTable.WaitForExitAsync(pid, timeout, CancellationToken.None);

    /// <summary>Every process below <paramref name="pid"/> (children, grandchildren, …).</summary>
    public static IReadOnlyList<int> DescendantsOf(int pid)
    {
        var parents = ProcessTable.Pids().Select(p => (Pid: p, Parent: ProcessTable.ParentOf(p))).ToList();
        var found = new List<int>();
        var frontier = new Queue<int>([pid]);
        while (frontier.TryDequeue(out var next))
        {
            foreach (var child in parents.Where(p => p.Parent == next).Select(p => p.Pid))
            {
                found.Add(child);
                frontier.Enqueue(child);
            }
        }

        return found;
    }

    private static bool IsQemu(int pid) =>
        ProcessTable.CommandLine(pid) is [var exe, ..] && Path.GetFileName(exe).StartsWith("qemu-system", StringComparison.Ordinal);
}
