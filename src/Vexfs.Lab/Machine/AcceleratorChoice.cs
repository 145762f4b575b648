namespace Vexfs.Lab.Machine;

/// <summary>The accelerator a run uses (<see cref="AcceleratorKind.Kvm"/> or <see cref="AcceleratorKind.Tcg"/>, never Auto) and why.</summary>
public sealed record AcceleratorChoice(AcceleratorKind Kind, string Reason)
{
    /// <summary>The name reports and benchmarks give it: kvm or tcg.</summary>
    public string Name => Kind.ToString().ToLowerInvariant();
}
