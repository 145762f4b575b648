using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests;

/// <summary>The Debian-package kernel provider on a root laid out as mmdebstrap leaves it.</summary>
public sealed class DebianKernelPackageTests
{
    [Fact]
    public async Task It_provides_the_roots_one_kernel_its_initrd_and_packages()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var root = temp.Combine("root");
        var work = temp.Combine("work");
        Directory.CreateDirectory(Path.Combine(root, "lib", "modules", "6.1.0-50-cloud-amd64"));
        Directory.CreateDirectory(Path.Combine(root, "boot"));
        Directory.CreateDirectory(Path.Combine(root, "var", "lib", "dpkg"));
        Directory.CreateDirectory(work);
        await File.WriteAllTextAsync(Path.Combine(root, "boot", "vmlinuz-6.1.0-50-cloud-amd64"), "kernel", ct);
        await File.WriteAllTextAsync(Path.Combine(root, "boot", "initrd.img-6.1.0-50-cloud-amd64"), "initrd", ct);
        await File.WriteAllTextAsync(Path.Combine(root, "var", "lib", "dpkg", "status"),
            "Package: linux-image-6.1.0-50-cloud-amd64\nStatus: install ok installed\nVersion: 6.1.164-1\n\nPackage: bash\nStatus: install ok installed\nVersion: 5.2\n", ct);
        var provider = (DebianKernelPackage)KernelCatalog.Default.Resolve("6.1").Kernel;

        var kernel = await provider.ProvideAsync(root, work, ct);

        Assert.Equal("6.1.0-50-cloud-amd64", kernel.Release);
        Assert.Equal("6.1.164-1", kernel.Packages["linux-image-6.1.0-50-cloud-amd64"]);
        Assert.DoesNotContain("bash", kernel.Packages.Keys);
        Assert.Equal("kernel", await File.ReadAllTextAsync(Path.Combine(work, ImageLayout.Kernel), ct));
        Assert.Equal("initrd", await File.ReadAllTextAsync(Path.Combine(work, ImageLayout.Initrd), ct));
        Assert.Equal("/lib/modules/6.1.0-50-cloud-amd64/build", provider.BuildDirectory(kernel.Release));
    }
}
