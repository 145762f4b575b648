namespace Vexfs.Lab.Machine;

/// <summary>
/// A verified saved booted state of one image and machine shape: QEMU's migration stream of the running
/// guest (sshd listening) without its RAM, the RAM's pages (<see cref="GuestRamImage"/>), and the guest's
/// disk at that moment (a qcow2 overlay of the entry's root.qcow2).
/// Runs restore it through their own overlay of <see cref="DiskPath"/>; these files are never modified.
/// </summary>
public sealed record SavedState(string Directory, string Shape, string KernelRelease)
{
    public const string StateFile = "state.bin";
    public const string DiskFile = "disk.qcow2";

    internal static readonly string[] Files = [StateFile, GuestRamImage.FileName, DiskFile];

    public string StatePath => Path.Combine(Directory, StateFile);

    public string RamPath => Path.Combine(Directory, GuestRamImage.FileName);

    public string DiskPath => Path.Combine(Directory, DiskFile);
}
