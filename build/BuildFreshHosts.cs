using Microsoft.Extensions.Logging;
using Vexfs.Lab.Images;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>README's promise checked for real: Setup then HostCheck pass on fresh Debian 12 and 13 systems.</summary>
internal sealed partial class Build
{
    [Parameter("Debian suites FreshHostCheck builds fresh systems of: bookworm (12), trixie (13)")]
    public string[] FreshSuite = ["bookworm", "trixie"];

    Target FreshHostCheck => _ => _
        .Description("For each --fresh-suite: a fresh Debian system (mmdebstrap, needs root) with only what README asks first and the .NET SDK copied in, then ./build.sh Setup HostCheck in it")
        .Executes(async ct =>
        {
            var mirror = DebianMirror.Resolve(string.IsNullOrWhiteSpace(Mirror) ? null : Mirror);
            var dotnetRoot = Path.GetDirectoryName(Path.GetFullPath(Environment.ProcessPath!))!;
            var host = new FreshHost(Tools, RootDirectory, Logger);
            var failed = new List<string>();
            foreach (var suite in FreshSuite)
            {
                // Under /var/tmp, not /tmp: a system with the SDK and Setup's packages needs about 3 GiB.
                var work = Directory.CreateDirectory(Path.Combine("/var/tmp", $"vexfs-fresh-{suite}-{Guid.NewGuid():N}"));
                try
                {
                    Logger.LogInformation("{Suite}: fresh system in {Directory} from {Mirror}", suite, work.FullName, mirror);
                    await host.CheckAsync(suite, mirror, dotnetRoot, work.FullName, ct);
                    Logger.LogInformation("{Suite}: Setup and HostCheck passed on a fresh system", suite);
                }
                catch (ToolFailedException e)
                {
                    Logger.LogError("{Suite}: {Message}", suite, e.Message);
                    failed.Add(suite);
                }
                finally
                {
                    work.Delete(recursive: true);
                }
            }

            if (failed.Count > 0)
            {
                throw new InvalidOperationException($"Setup + HostCheck failed on a fresh {string.Join(", ", failed)} system; see its output above.");
            }
        });
}
