namespace Vexfs.Lab;

/// <summary>How QEMU executes the guest. Auto picks KVM only where it really works.</summary>
public enum AcceleratorKind
{
    Auto,
    Kvm,
    Tcg,
}
