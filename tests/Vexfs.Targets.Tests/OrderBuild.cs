namespace Vexfs.Targets.Tests;

/// <summary>A build whose targets record the order they ran in; relations cover every ordering verb.</summary>
internal sealed class OrderBuild : TargetBuild
{
    public List<string> Ran { get; } = [];

    public bool CleanEnabled { get; set; } = true;

    Target Restore => _ => _.Executes(() => Ran.Add(nameof(Restore)));

    Target Compile => _ => _.DependsOn(Restore).Executes(() => Ran.Add(nameof(Compile)));

    Target Test => _ => _.DependsOn(Compile).Triggers(Report).Executes(() => Ran.Add(nameof(Test)));

    Target Report => _ => _.Executes(() => Ran.Add(nameof(Report)));

    Target Clean => _ => _.Before(Restore).OnlyWhen(() => CleanEnabled).Executes(() => Ran.Add(nameof(Clean)));

    Target Pack => _ => _.After(Test).Executes(() => Ran.Add(nameof(Pack)));

    public Target Default => _ => _.DependsOn(Test);
}
