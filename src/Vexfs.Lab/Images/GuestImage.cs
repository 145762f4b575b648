using Vexfs.Lab.Kernel;

namespace Vexfs.Lab.Images;

/// <summary>A verified guest image in the cache. Runs boot it through an overlay; these files are never modified.</summary>
/// <param name="Key">The cache key (directory name), e.g. "bookworm-0123456789abcdef".</param>
/// <param name="HostPublicKey">The guest's pinned SSH host key, "ssh-ed25519 AAAA…".</param>
/// <param name="KernelRelease">The release under the image's /lib/modules, what uname -r prints in the guest.</param>
public sealed record GuestImage(
    KernelSeries Series,
    string Key,
    string Directory,
    string RootDisk,
    string Kernel,
    string Initrd,
    string PrivateKeyPath,
    string HostPublicKey,
    string KernelRelease,
    string Builder)
{
    /// <summary>Set when the image boots a kernel the kit built (--kernel 6.1-debug): that build's manifest.</summary>
    public Kernel.KernelBuildManifest? BuiltKernel { get; init; }

    /// <summary>What the report must say about how the image or kernel was chosen (e.g. offline: the cached index).</summary>
    public string? Note { get; init; }
}
