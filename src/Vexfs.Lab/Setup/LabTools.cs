using Vexfs.Lab.Host;
using Vexfs.Lab.Images;

namespace Vexfs.Lab.Setup;

/// <summary>The host tools a VM run needs, checked together before anything starts (not minutes into a build).</summary>
public static class LabTools
{
    /// <param name="builder">The image builder that may have to run.</param>
    /// <param name="boots">Whether the run boots a guest (VmIntegration, VmShell) or only builds images.</param>
    public static IReadOnlyList<(string Tool, string DebianPackage)> Needed(ImageBuilderKind builder, bool boots)
    {
        var tools = new List<(string, string)>
        {
            ("mmdebstrap", "mmdebstrap"),
            ("mkfs.ext4", "e2fsprogs"),
            ("qemu-img", "qemu-utils"),
            ("ssh-keygen", "openssh-client"),
        };
        if (builder == ImageBuilderKind.Packer)
        {
            tools.Add(("packer", "packer"));
        }

        if (boots || builder == ImageBuilderKind.Packer)
        {
            tools.Add(("qemu-system-x86_64", "qemu-system-x86"));
        }

        return tools;
    }

    public static void Require(ToolLocator tools, ImageBuilderKind builder, bool boots) => tools.RequireAll(Needed(builder, boots));
}
