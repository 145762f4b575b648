using Vexfs.Lab.Images;

namespace Vexfs.Lab.Tests.Images;

/// <summary>The package lists the image builders provision from (packer/scripts).</summary>
public sealed class ProvisioningScriptsTests
{
    [Fact]
    public void The_shared_package_list_has_the_kernel_toolchain_and_the_packer_base_is_a_subset()
    {
        var scripts = new ProvisioningScripts(RepoRoot.Find());

        Assert.Contains("linux-headers-cloud-amd64", scripts.Packages);
        Assert.Contains("libc6-dev", scripts.Packages);
        Assert.Empty(scripts.BasePackages.Except(scripts.Packages));
        Assert.Matches("^[0-9a-f]{64}$", scripts.ContentHash());
    }
}
