using Vexfs.Lab;
using Vexfs.Lab.Machine;
using Vexfs.Lab.ModuleBuild;
using VexfsBuild;

namespace Vexfs.Build.Tests;

/// <summary>
/// `./build.sh` with no options and the integration tests' own guest (StandaloneGuest, run from the IDE)
/// boot the same machine and install the module the same way: both come from KitDefaults.
/// </summary>
public sealed class DefaultsTests
{
    [Fact]
    public void The_build_and_the_IDE_fixture_resolve_the_same_options()
    {
        var build = new VexfsBuild.Build();
        var lab = new VmLab(build);

        // What StandaloneGuest uses when no variable is set.
        var fixtureLab = KitDefaults.LabOptions(build.RootDirectory);
        var fixtureInstall = KitDefaults.ModuleInstall(build.RootDirectory, lab.VexctlBinary);

        Assert.Equal(fixtureLab, lab.Options);
        Assert.Equal(fixtureInstall, lab.CreateIntegrationOptions().ModuleInstall);
        Assert.Equal([KitDefaults.KernelSeries], build.Kernel);
    }

    [Fact]
    public void The_defaults_are_the_fast_loop()
    {
        var install = KitDefaults.ModuleInstall("/repo", "/repo/artifacts/vexctl/vexctl");
        Assert.Equal(ModuleBuildMode.Host, install.ModuleBuild);
        Assert.Equal(SourceDelivery.Disk, install.Delivery);
        Assert.Equal(BootMode.Restore, KitDefaults.LabOptions("/repo").Boot);
    }
}
