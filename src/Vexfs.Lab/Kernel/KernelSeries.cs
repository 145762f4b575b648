
namespace Vexfs.Lab.Kernel;

/// <summary>A kernel series the lab can boot: the Debian suite of the guest's root, and where its kernel comes from.</summary>
/// <param name="Build">Null for the suite's stock kernel; else the kernel the kit builds from the suite's linux-source.</param>
/// <param name="Tree">A developer's tree (--kernel-tree) built instead of linux-source, with <paramref name="Build"/>'s config (plain when null).</param>
public sealed record KernelSeries(string Name, string Suite, IKernelProvider Kernel, KernelBuildSpec? Build = null, KernelTreeSource? Tree = null)
{
    /// <summary>This series' userspace and config booting the developer's <paramref name="tree"/>; its reports go to "&lt;name&gt;+tree".</summary>
    public KernelSeries WithTree(KernelTreeSource tree) => this with { Name = Name + TreeSuffix, Tree = tree };

    public const string TreeSuffix = "+tree";

    /// <summary>The name --kernel takes for this series (without the tree's suffix).</summary>
    public string CatalogName => Tree is null ? Name : Name[..^TreeSuffix.Length];
}
