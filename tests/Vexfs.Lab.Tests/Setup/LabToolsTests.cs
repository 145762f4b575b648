using Vexfs.Lab.Images;
using Vexfs.Lab.Setup;

namespace Vexfs.Lab.Tests.Setup;

/// <summary>Which host tools a run needs, by image builder and whether it boots.</summary>
public sealed class LabToolsTests
{
    [Fact]
    public void Packer_and_booting_runs_need_qemu_system_image_builds_with_mmdebstrap_do_not()
    {
        Assert.DoesNotContain(LabTools.Needed(ImageBuilderKind.Mmdebstrap, boots: false), t => t.Tool == "qemu-system-x86_64");
        Assert.Contains(LabTools.Needed(ImageBuilderKind.Mmdebstrap, boots: true), t => t.Tool == "qemu-system-x86_64");
        Assert.Contains(LabTools.Needed(ImageBuilderKind.Packer, boots: false), t => t == ("packer", "packer"));
    }
}
