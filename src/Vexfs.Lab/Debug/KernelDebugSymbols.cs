using CliWrap;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;
using Vexfs.Lab.Images;

namespace Vexfs.Lab.Debug;

/// <summary>
/// The guest kernel's vmlinux with debug symbols, for gdb on the host. Debian ships it in
/// linux-image-&lt;release&gt;-dbg (≈ 280 MB download, 1.7 GB unpacked, mostly module debug files), so it is
/// an opt-in: fetched once from the image's mirror, only vmlinux kept, under &lt;cache&gt;/debug/&lt;release&gt;/.
/// The package carries no scripts/gdb (no vmlinux-gdb.py), so lx-symbols is not available from it.
/// </summary>
public sealed class KernelDebugSymbols(string cacheDir, ILoggerFactory loggers)
{
    private readonly ILogger logger = loggers.CreateLogger<KernelDebugSymbols>();

    public string VmlinuxPath(GuestImage image) => Path.Combine(cacheDir, "debug", image.KernelRelease, "vmlinux");

    /// <summary>The vmlinux of <paramref name="image"/>'s kernel, downloading and unpacking it on first use.</summary>
    public async Task<string> EnsureVmlinuxAsync(GuestImage image, HttpClient http, CancellationToken ct)
    {
        var target = VmlinuxPath(image);
        if (File.Exists(target))
        {
            return target;
        }

        var (manifest, problem) = await ImageManifest.ReadVerifiedAsync(image.Directory, ct);
        var package = $"linux-image-{image.KernelRelease}";
        if (manifest is null || !manifest.KernelPackages.TryGetValue(package, out var version))
        {
            throw new LabException($"the image {image.Key} does not record the version of {package} ({problem ?? "not in its manifest"})",
                "rebuild the image (delete its cache entry)");
        }

        var tools = new ToolLocator();
        var dpkgDeb = tools.Require("dpkg-deb", "dpkg");
        var tar = tools.Require("tar", "tar");
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        var work = Directory.CreateTempSubdirectory("vexfs-dbg-").FullName;
        try
        {
            // Debian pool paths drop the epoch; the kernel's source package is "linux".
            var file = $"{package}-dbg_{version[(version.IndexOf(':', StringComparison.Ordinal) + 1)..]}_amd64.deb";
            var url = $"{manifest.Mirror.TrimEnd('/')}/pool/main/l/linux/{file}";
            var deb = Path.Combine(work, file);
            logger.LogInformation("downloading {Url} (kernel debug symbols, about 300 MB)", url);
            using (var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct))
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw new LabException($"the mirror answered {(int)response.StatusCode} for {url}",
                        "the mirror may have dropped this kernel version; rebuild the image to get the current kernel");
                }

                await using var output = File.Create(deb);
                await response.Content.CopyToAsync(output, ct);
            }

            logger.LogInformation("unpacking vmlinux from {Deb}", file);
            var member = $"./usr/lib/debug/boot/vmlinux-{image.KernelRelease}";
            await (Cli.Wrap(dpkgDeb).WithArguments(["--fsys-tarfile", deb])
                | Cli.Wrap(tar).WithArguments(["-x", "-C", work, member])).ExecuteAsync(ct);
            File.Move(Path.Combine(work, member), target + ".tmp", overwrite: true);
            File.Move(target + ".tmp", target, overwrite: true);
            return target;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
