using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Logging;

namespace Vexfs.Lab;

/// <summary>
/// The default builder: mmdebstrap makes the root directory and runs packer/scripts/provision.sh in it,
/// mkfs.ext4 -d turns it into one filesystem without a partition table, qemu-img makes it qcow2.
/// </summary>
internal sealed class MmdebstrapImageBuilder : IImageBuilder
{
    private const string GuestProvisionDir = "/tmp/vexfs-provision";
    private readonly ToolLocator _tools;
    private readonly ILogger<MmdebstrapImageBuilder> _logger;
    private readonly Lazy<string> _identity;

    public MmdebstrapImageBuilder(ToolLocator tools, ILogger<MmdebstrapImageBuilder> logger)
    {
        _tools = tools;
        _logger = logger;
        _identity = new Lazy<string>(() => "mmdebstrap " + ToolVersion(_tools.Require("mmdebstrap", "mmdebstrap"), "--version"));
    }

    public string Name => "mmdebstrap";

    public string Identity => _identity.Value;

    public async Task<BuiltImage> BuildAsync(ImageBuildRequest request, CancellationToken ct)
    {
        var built = await BuildRootDiskAsync(request, request.Scripts.Packages, ct);
        return built;
    }

    /// <summary>Builds root.qcow2, vmlinuz and initrd.img from <paramref name="packages"/> (the Packer builder uses a smaller list).</summary>
    public async Task<BuiltImage> BuildRootDiskAsync(ImageBuildRequest request, IReadOnlyList<string> packages, CancellationToken ct)
    {
        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            throw new LabException(
                "the mmdebstrap image builder must run as root (it keeps file ownership for mkfs.ext4 -d)",
                "run the build as root (e.g. sudo), or use an image cache another root run filled (--cache-dir)");
        }

        var work = request.WorkDirectory;
        RejectQuotes(work);
        RejectQuotes(request.Scripts.Directory);
        var root = Path.Combine(work, "rootfs");
        var raw = Path.Combine(work, "root.raw");
        var tool = new ExternalTool(_logger);

        _logger.LogInformation("mmdebstrap: {Suite} from {Mirror} with {Count} packages (this downloads and installs; about a minute or more)",
            request.Series.Suite, request.Mirror, packages.Count);
        await tool.RunAsync(_tools.Require("mmdebstrap", "mmdebstrap"), MmdebstrapArguments(request, packages, root), ct,
            failureHint: "check the mirror (--mirror) serves this suite and that packer/scripts/packages.txt names existing packages");

        var kernel = await request.Series.Kernel.ProvideAsync(root, work, ct);
        _logger.LogInformation("mmdebstrap: root filesystem ready, kernel {Release}; making the ext4 image", kernel.Release);

        await tool.RunAsync(_tools.Require("mkfs.ext4", "e2fsprogs"),
            ["-q", "-F", "-t", "ext4", "-L", "vexfs-root", "-m", "0", "-d", root, raw, $"{ImageLayout.RootFilesystemBytes / 1024}k"], ct);
        Directory.Delete(root, recursive: true);
        await tool.RunAsync(_tools.Require("qemu-img", "qemu-utils"),
            ["convert", "-f", "raw", "-O", "qcow2", raw, Path.Combine(work, ImageLayout.RootDisk)], ct);
        File.Delete(raw);
        return new BuiltImage(kernel.Release, kernel.Packages);
    }

    internal static List<string> MmdebstrapArguments(ImageBuildRequest request, IReadOnlyList<string> packages, string root)
    {
        var clientKey = Path.Combine(request.WorkDirectory, ImageLayout.PublicKey);
        var hostKey = Path.Combine(request.WorkDirectory, ImageLayout.HostKeyDirectory, "ssh_host_ed25519_key");
        var scriptsName = Path.GetFileName(request.Scripts.Directory.TrimEnd('/'));
        return
        [
            "--variant=minbase",
            "--aptopt=Apt::Install-Recommends \"false\"",
            // Offline and snapshot mirrors serve Release files past their Valid-Until (seen here for sid);
            // signatures are still checked.
            "--aptopt=Acquire::Check-Valid-Until \"false\"",
            "--include=" + string.Join(',', packages),
            $"--customize-hook=mkdir -p \"$1{GuestProvisionDir}\"",
            $"--customize-hook=copy-in '{request.Scripts.Directory}' '{clientKey}' {GuestProvisionDir}",
            $"--customize-hook=chroot \"$1\" sh {GuestProvisionDir}/{scriptsName}/provision.sh {GuestProvisionDir}/{ImageLayout.PublicKey}",
            $"--customize-hook=copy-in '{hostKey}' '{hostKey}.pub' /etc/ssh",
            $"--customize-hook=rm -rf \"$1{GuestProvisionDir}\"",
            request.Series.Suite,
            root,
            request.Mirror,
        ];
    }

    internal static string ToolVersion(string executable, params string[] arguments)
    {
        // The cache key is computed synchronously (GuestImageCache.ComputeKey); the version is read once per builder.
        var result = Cli.Wrap(executable).WithArguments(arguments).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync().Task.GetAwaiter().GetResult();
        var text = (result.StandardOutput + result.StandardError).Trim();
        return text.Split('\n')[0].Trim();
    }

    private static void RejectQuotes(string path)
    {
        if (path.Contains('\'', StringComparison.Ordinal) || path.Contains('"', StringComparison.Ordinal))
        {
            throw new LabException($"path '{path}' contains a quote character, which the mmdebstrap hooks cannot carry", "use a cache directory and checkout path without quotes");
        }
    }
}
