namespace Vexfs.Lab.Machine;

/// <summary>How QEMU executes the guest. Auto picks KVM only where it really works.</summary>
public enum AcceleratorKind
{
    Auto,
    Kvm,
    Tcg,
}
