namespace Vexfs.Integration.Tests;

/// <summary>One command of a <see cref="GuestScript"/>; its result is filled in when the script has run.</summary>
public sealed class ScriptStep(string command, bool mustFail)
{
    private StepResult? result;

    public string Command { get; } = command;

    /// <summary>The step is expected to exit non-zero (an errno check); otherwise it must exit 0.</summary>
    public bool MustFail { get; } = mustFail;

    public int ExitCode => Result.ExitCode;

    public string Stdout => Result.Stdout;

    public string Stderr => Result.Stderr;

    /// <summary>How long the step ran in the guest; null where the guest's shell cannot tell.</summary>
    public TimeSpan? Duration => Result.Duration;

    internal bool Ran => result is not null;

    internal StepResult Result => result ?? throw new InvalidOperationException($"`{Command}` has not run");

    internal void Complete(StepResult value) => result = value;
}

/// <summary>What one step printed, how it exited and how long it ran.</summary>
internal sealed record StepResult(int ExitCode, string Stdout, string Stderr, TimeSpan? Duration = null);
