using Vexfs.Lab.Kernel;

namespace Vexfs.Lab.Tests.Kernel;

/// <summary>The kernel facts read from a built root's dpkg status.</summary>
public sealed class DebianRootFactsTests
{
    [Fact]
    public void Kernel_packages_are_read_from_the_dpkg_status_of_the_image()
    {
        const string status = """
            Package: linux-image-6.1.0-50-cloud-amd64
            Status: install ok installed
            Version: 6.1.164-1

            Package: linux-headers-cloud-amd64
            Status: install ok installed
            Version: 6.1.164-1

            Package: linux-image-6.1.0-49-cloud-amd64
            Status: deinstall ok config-files
            Version: 6.1.160-1

            Package: openssh-server
            Status: install ok installed
            Version: 1:9.2p1-2+deb12u7
            """;

        var packages = DebianRootFacts.KernelPackages(status);

        Assert.Equal(["linux-headers-cloud-amd64", "linux-image-6.1.0-50-cloud-amd64"], packages.Keys);
    }
}
