namespace Vexfs.Lab.Kernel;

/// <summary>Maps the names users pass to <c>--kernel</c> onto Debian suites.</summary>
public sealed class KernelCatalog
{
    private static readonly DebianKernelPackage CloudKernel = new(["linux-image-cloud-amd64", "linux-headers-cloud-amd64"]);

    public KernelCatalog(IEnumerable<KernelSeries> series)
    {
        All = [.. series];
        var duplicate = All.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"kernel series '{duplicate.Key}' is listed twice", nameof(series));
        }
    }

    /// <summary>6.1 → bookworm, 6.12 → trixie, latest → sid; each also as -debug, built from that suite's linux-source.</summary>
    public static KernelCatalog Default { get; } = new(
    [
        new KernelSeries("6.1", "bookworm", CloudKernel),
        new KernelSeries("6.12", "trixie", CloudKernel),
        new KernelSeries("latest", "sid", CloudKernel),
        new KernelSeries("6.1-debug", "bookworm", CloudKernel, Kernel.KernelBuildSpec.Debug),
        new KernelSeries("6.12-debug", "trixie", CloudKernel, Kernel.KernelBuildSpec.Debug),
        new KernelSeries("latest-debug", "sid", CloudKernel, Kernel.KernelBuildSpec.Debug),
    ]);

    public IReadOnlyList<KernelSeries> All { get; }

    /// <summary>The suites' own kernels (what "every kernel" means for matrices and CI lanes); debug kernels are opted into.</summary>
    public IReadOnlyList<KernelSeries> Stock => [.. All.Where(s => s.Build is null)];

    public KernelSeries Resolve(string name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        return All.FirstOrDefault(s => string.Equals(s.Name, trimmed, StringComparison.OrdinalIgnoreCase))
            ?? throw new LabException(
                $"unknown kernel series '{trimmed}'; known series: {KnownList()}",
                $"pass one or more of them, e.g. --kernel {All[0].Name} or --kernel {string.Join(',', All.Select(s => s.Name))}");
    }

    /// <summary>Resolves every name (comma-separated lists are split), keeping order and dropping repeats.</summary>
    public IReadOnlyList<KernelSeries> ResolveAll(IEnumerable<string> names)
    {
        var resolved = names
            .SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(Resolve)
            .Distinct()
            .ToList();
        return resolved.Count > 0
            ? resolved
            : throw new LabException($"no kernel series given; known series: {KnownList()}", $"pass e.g. --kernel {All[0].Name}");
    }

    private string KnownList() => string.Join(", ", All.Select(s => $"{s.Name} ({s.Suite})"));
}
