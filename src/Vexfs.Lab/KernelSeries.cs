using Vexfs.Lab.Kernel;

namespace Vexfs.Lab;

/// <summary>A kernel series the lab can boot: the Debian suite whose cloud kernel and headers the guest installs.</summary>
/// <param name="Build">Null for the suite's stock kernel; else the kernel the kit builds from the suite's linux-source.</param>
public sealed record KernelSeries(string Name, string Suite, IReadOnlyList<string> KernelPackages, KernelBuildSpec? Build = null);
