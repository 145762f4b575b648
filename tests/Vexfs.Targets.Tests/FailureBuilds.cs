namespace Vexfs.Targets.Tests;

/// <summary>A build whose middle target fails.</summary>
internal sealed class FailingBuild : TargetBuild
{
    public List<string> Ran { get; } = [];

    Target First => _ => _.Executes(() => Ran.Add(nameof(First)));

    Target Broken => _ => _.DependsOn(First).Executes(() => throw new InvalidOperationException("disk on fire"));

    Target Last => _ => _.DependsOn(Broken).Executes(() => Ran.Add(nameof(Last)));

    public Target All => _ => _.DependsOn(Last);
}

/// <summary>A build whose target waits until cancelled and records what it saw.</summary>
internal sealed class WaitingBuild : TargetBuild
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool SawCancellation { get; private set; }

    public bool AfterRan { get; private set; }

    public Target Wait => _ => _.Executes(async ct =>
    {
        Started.SetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            SawCancellation = true;
            throw;
        }
    });

    public Target After => _ => _.DependsOn(Wait).Executes(() => AfterRan = true);
}

/// <summary>A build with a dependency cycle through an ordering relation.</summary>
internal sealed class CyclicBuild : TargetBuild
{
    Target A => _ => _.DependsOn(B);

    Target B => _ => _.DependsOn(C);

    public Target C => _ => _.After(A);
}
