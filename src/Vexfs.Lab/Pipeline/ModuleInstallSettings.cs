using Vexfs.Lab.ModuleBuild;


namespace Vexfs.Lab.Pipeline;

/// <summary>
/// What a module install needs: the module's sources, the vexctl binary to put beside it, the fault to
/// build in, and the variant (where it is built, how it reaches the guest) <see cref="ModuleInstalls.For"/> picks.
/// </summary>
public sealed record ModuleInstallSettings(string Directory, string VexctlBinary, string? InjectFault = null)
{
    public TimeSpan BuildTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public ModuleBuildMode ModuleBuild { get; init; } = KitDefaults.ModuleBuild;

    /// <summary>How the sources (or the host-built module) and vexctl reach the guest; a copy over SSH needs no root.</summary>
    public SourceDelivery Delivery { get; init; } = KitDefaults.Delivery;
}
