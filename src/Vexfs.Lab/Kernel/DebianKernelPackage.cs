namespace Vexfs.Lab.Kernel;

/// <summary>
/// A kernel the image's root installs from Debian packages (packer/scripts/packages.txt names them): its
/// /boot/vmlinuz and initrd as Debian built them, and the headers package's build tree for modules.
/// </summary>
/// <param name="Packages">The metapackages that pull the kernel and its headers in.</param>
public sealed record DebianKernelPackage(IReadOnlyList<string> Packages) : IKernelProvider
{
    public async Task<ProvidedKernel> ProvideAsync(string rootDirectory, string workDirectory, CancellationToken ct)
    {
        var release = DebianRootFacts.KernelRelease(rootDirectory);
        var packages = DebianRootFacts.KernelPackages(await File.ReadAllTextAsync(Path.Combine(rootDirectory, "var", "lib", "dpkg", "status"), ct));
        File.Copy(Path.Combine(rootDirectory, "boot", $"vmlinuz-{release}"), Path.Combine(workDirectory, ProvidedKernel.KernelFile), overwrite: true);
        File.Copy(Path.Combine(rootDirectory, "boot", $"initrd.img-{release}"), Path.Combine(workDirectory, ProvidedKernel.InitrdFile), overwrite: true);
        return new ProvidedKernel(release, packages);
    }

    public string BuildDirectory(string release) => $"/lib/modules/{release}/build";
}
