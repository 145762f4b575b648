using Vexfs.Lab.Kernel;

namespace Vexfs.Lab.Images;

/// <summary>Makes the files of one cache entry (see <see cref="ImageLayout"/>) in a work directory.</summary>
internal interface IImageBuilder
{
    /// <summary>"mmdebstrap" or "packer".</summary>
    string Name { get; }

    /// <summary>Tool versions and templates that shape the image (part of the cache key).</summary>
    string Identity { get; }

    /// <summary>
    /// Writes root.qcow2, vmlinuz and initrd.img into <see cref="ImageBuildRequest.WorkDirectory"/>, which
    /// already holds the client key pair and hostkey/ (the guest host key to install).
    /// </summary>
    Task<BuiltImage> BuildAsync(ImageBuildRequest request, CancellationToken ct);
}

internal sealed record ImageBuildRequest(KernelSeries Series, string Mirror, string WorkDirectory, ProvisioningScripts Scripts);

/// <summary>Facts a builder reads from the finished root filesystem.</summary>
internal sealed record BuiltImage(string KernelRelease, IReadOnlyDictionary<string, string> KernelPackages);
