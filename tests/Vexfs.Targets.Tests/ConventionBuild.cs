namespace Vexfs.Targets.Tests;

/// <summary>
/// A build with two-word target and parameter names (to spell them NUKE's ways) and a failing target beside an
/// independent one (for --continue). Ran records the targets that executed, in order.
/// </summary>
internal sealed class ConventionBuild : TargetBuild
{
    [Parameter("Memory in MiB")]
    public int VmMemory = 2048;

    public List<string> Ran { get; } = [];

    public string? SeenRoot { get; private set; }

    public Target HostCheck => _ => _.Executes(() => Record(nameof(HostCheck)));

    public Target VmIntegration => _ => _.After(HostCheck).Executes(() => Record(nameof(VmIntegration)));

    public Target Test => _ => _.DependsOn(HostCheck, VmIntegration);

    public Target Broken => _ => _.Executes(() => throw new InvalidOperationException($"disk on fire in {RootDirectory}"));

    public Target NeedsBroken => _ => _.DependsOn(Broken).Executes(() => Record(nameof(NeedsBroken)));

    public Target Independent => _ => _.After(Broken).Executes(() => Record(nameof(Independent)));

    public Target AfterBroken => _ => _.Triggers(TriggeredByBroken).DependsOn(Broken);

    public Target TriggeredByBroken => _ => _.Executes(() => Record(nameof(TriggeredByBroken)));

    public Target All => _ => _.DependsOn(Broken, NeedsBroken, Independent);

    private void Record(string name)
    {
        Ran.Add(name);
        SeenRoot = RootDirectory;
    }
}
