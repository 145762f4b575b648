namespace Vexfs.Lab.Kernel;

/// <summary>
/// A kernel the kit builds itself: the suite's linux-source-X.Y, x86_64 defconfig + kvm_guest.config, then
/// these fragments (files under packer/kernel/) in order.
/// </summary>
/// <param name="Flavour">The name after the series, e.g. "debug" in "6.1-debug"; part of the cache key.</param>
public sealed record KernelBuildSpec(string Flavour, IReadOnlyList<string> Fragments)
{
    /// <summary>The kit's debug kernel: what a guest needs built in, then the sanitizers and lock checkers.</summary>
    public static KernelBuildSpec Debug { get; } = new("debug", ["guest.config", "debug.config"]);

    /// <summary>A developer's tree on a stock series (--kernel 6.1 --kernel-tree): only what a guest needs built in.</summary>
    public static KernelBuildSpec Plain { get; } = new("plain", ["guest.config"]);
}
