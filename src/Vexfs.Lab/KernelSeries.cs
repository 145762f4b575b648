namespace Vexfs.Lab;

/// <summary>A kernel series the lab can boot: the Debian suite whose cloud kernel and headers the guest installs.</summary>
public sealed record KernelSeries(string Name, string Suite, IReadOnlyList<string> KernelPackages);
