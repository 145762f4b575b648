
namespace Vexfs.Lab.Kernel;

/// <summary>A kernel series the lab can boot: the Debian suite of the guest's root, and where its kernel comes from.</summary>
/// <param name="Build">Null for the suite's stock kernel; else the kernel the kit builds from the suite's linux-source.</param>
public sealed record KernelSeries(string Name, string Suite, IKernelProvider Kernel, KernelBuildSpec? Build = null);
