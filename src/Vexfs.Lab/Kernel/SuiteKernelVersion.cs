using Microsoft.Extensions.Logging;

namespace Vexfs.Lab.Kernel;

/// <summary>The version of a suite's kernel package (linux-image-cloud-amd64) in the mirror's index, for the image key.</summary>
internal sealed class SuiteKernelVersion(string cacheDir, string mirror, ILogger logger)
{
    /// <summary>The version and, when the mirror could not be asked, a note for the report (version null: no index at all).</summary>
    public async Task<(string? Version, string? Note)> ResolveAsync(KernelSeries series, CancellationToken ct)
    {
        try
        {
            // Only a packaged kernel moves with the mirror; its first metapackage names the image the suite serves.
            if (series.Kernel is not DebianKernelPackage packaged)
            {
                return (null, null);
            }

            var (package, offline, fetched) = await new DebianPackageIndexSource(cacheDir, mirror, logger).LookupAsync(series.Suite, packaged.Packages[0], ct);
            return (package.Version, offline ? $"the mirror was unreachable: kernel {package.Version} from the package index cached on {fetched:u}" : null);
        }
        catch (LabException e)
        {
            logger.LogWarning("no package index for {Suite}: {Reason}", series.Suite, e.Message);
            return (null, $"the mirror was unreachable and no package index is cached ({e.Message})");
        }
    }
}
