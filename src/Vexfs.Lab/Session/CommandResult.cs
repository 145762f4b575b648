namespace Vexfs.Lab.Session;

/// <summary>What a guest command did. ExitCode is -1 when the command ended without one (signal, timeout).</summary>
public sealed record CommandResult(string Command, int ExitCode, string Stdout, string Stderr, TimeSpan Duration, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
