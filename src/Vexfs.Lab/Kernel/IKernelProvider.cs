namespace Vexfs.Lab.Kernel;

/// <summary>
/// Where a guest's kernel comes from: a Debian binary package today (<see cref="DebianKernelPackage"/>), a
/// build from a source tree with a config next. The image builder asks it for the kernel and initrd to boot
/// once the image's root exists; the module build asks it for the kernel build tree it compiles against.
/// </summary>
public interface IKernelProvider
{
    /// <summary>Puts the kernel to boot and its initrd from the image's root <paramref name="rootDirectory"/> into <paramref name="workDirectory"/> (as <see cref="ProvidedKernel.KernelFile"/> and <see cref="ProvidedKernel.InitrdFile"/>).</summary>
    Task<ProvidedKernel> ProvideAsync(string rootDirectory, string workDirectory, CancellationToken ct);

    /// <summary>The kernel build tree (headers, Kbuild) of <paramref name="release"/>, as a path inside the image's root.</summary>
    string BuildDirectory(string release);

    /// <summary>Host directories (host path, path inside the build root) the module build needs mounted read-only: a developer's tree.</summary>
    IReadOnlyList<(string Host, string Inside)> BuildMounts => [];
}

/// <summary>What a provider put in an image: the release uname -r prints, and the packages (name → version) it came from.</summary>
public sealed record ProvidedKernel(string Release, IReadOnlyDictionary<string, string> Packages)
{
    public const string KernelFile = "vmlinuz";

    public const string InitrdFile = "initrd.img";
}
