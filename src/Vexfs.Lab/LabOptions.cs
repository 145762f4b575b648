using Vexfs.Lab.Images;
using Vexfs.Lab.Machine;

namespace Vexfs.Lab;

/// <summary>Settings of the VM lab, bound from the build's parameters.</summary>
/// <param name="CacheDir">Where guest images are cached (entries, locks, temp build dirs).</param>
/// <param name="Mirror">Debian mirror URL; null means the one the host's apt sources name.</param>
/// <param name="RepoRoot">Repository root: packer/ and packer/scripts/ are read from here.</param>
public sealed record LabOptions(
    string CacheDir,
    string? Mirror,
    ImageBuilderKind Builder,
    int VmMemoryMiB,
    int VmCpus,
    AcceleratorKind Accel,
    TimeSpan BootTimeout,
    string RepoRoot)
{
    /// <summary>Restore the image's saved booted state (the default), or always boot cold.</summary>
    public BootMode Boot { get; init; } = KitDefaults.Boot;
}
