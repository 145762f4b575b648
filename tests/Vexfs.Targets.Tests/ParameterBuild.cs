namespace Vexfs.Targets.Tests;

public enum Flavour
{
    Plain,
    ExtraSpicy,
}

/// <summary>A build with one parameter of each supported kind; Show records what was bound.</summary>
internal sealed class ParameterBuild : TargetBuild
{
    [Parameter("Memory in MiB", Minimum = 256, Maximum = 65536)]
    public int VmMemory = 2048;

    [Parameter("Kernel series")]
    public string[] Kernel = ["6.1"];

    [Parameter("A flavour")]
    public Flavour Flavour = Flavour.Plain;

    [Parameter("Keep it")]
    public bool KeepVm { get; set; }

    [Parameter("Timeout")]
    public TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Parameter("Needed by Deploy")]
    public string? Token { get; set; }

    public bool Shown { get; private set; }

    public bool Deployed { get; private set; }

    public Target Show => _ => _.Executes(() => Shown = true);

    public Target Deploy => _ => _.DependsOn(Show).Requires(() => Token).Executes(() => Deployed = true);
}
