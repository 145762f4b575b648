using Vexfs.Lab.Session;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>A guest command that must succeed, or the phase fails with a class and what was being done.</summary>
internal static class GuestCommand
{
    public static readonly TimeSpan Quick = TimeSpan.FromSeconds(60);

    public static async Task RequireAsync(GuestSession session, string command, FailureClass failureClass, string what, CancellationToken ct)
    {
        var result = await session.RunInShellAsync(command, Quick, ct);
        if (!result.Succeeded)
        {
            throw new PhaseFailedException(result.TimedOut ? FailureClass.Hang : failureClass, $"{what} (`{command}` exit {result.ExitCode}{(result.TimedOut ? ", timed out" : "")}) {Tail(result.Stderr)}".Trim());
        }
    }

    public static string Tail(string text, int lines = 5) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines));

    public static void RequireVexctl(string vexctlBinary)
    {
        if (!File.Exists(vexctlBinary))
        {
            throw new LabException($"vexctl binary not found at {vexctlBinary}", "publish it first: ./build.sh PublishVexctl");
        }
    }
}
