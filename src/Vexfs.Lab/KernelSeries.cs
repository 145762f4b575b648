namespace Vexfs.Lab;

/// <summary>A kernel series the lab can boot: the Debian suite of the guest's root, and where its kernel comes from.</summary>
public sealed record KernelSeries(string Name, string Suite, IKernelProvider Kernel);
