namespace Vexfs.Lab.Kernel;

/// <summary>
/// The kernel of a developer's tree, as the module build sees it: the tree's make O= output at
/// <paramref name="OutputInside"/> in the build root, which needs the tree itself mounted (read-only) at
/// /build/src, because the output's Makefile and headers refer to it there.
/// </summary>
/// <param name="TreePath">The tree on the host.</param>
public sealed record KernelTreeProvider(string TreePath, string OutputInside) : IKernelProvider
{
    /// <summary>Where build-kernel.sh finds the kernel source inside the build root.</summary>
    public const string SourceInside = "/build/src";

    /// <summary>The tree's kernel is built by KernelBuild.KernelTreeBuild into its own entry, never into an image.</summary>
    public Task<ProvidedKernel> ProvideAsync(string rootDirectory, string workDirectory, CancellationToken ct) =>
        throw new NotSupportedException("a kernel tree's kernel is built by KernelTreeBuild, not installed into an image");

    public string BuildDirectory(string release) => OutputInside;

    public IReadOnlyList<(string Host, string Inside)> BuildMounts => [(TreePath, SourceInside)];
}
