namespace Vexfs.Lab.ModuleBuild;

/// <summary>Where the module is compiled: in the guest, or on the host with the guest kernel's own toolchain.</summary>
public enum ModuleBuildMode
{
    Guest,
    Host,
}
