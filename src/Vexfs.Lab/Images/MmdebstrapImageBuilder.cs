using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;

namespace Vexfs.Lab.Images;

/// <summary>
/// The default builder: mmdebstrap makes the root directory and runs packer/scripts/provision.sh in it,
/// mkfs.ext4 -d turns it into one filesystem without a partition table, qemu-img makes it qcow2.
/// A normal user gets the same through mmdebstrap's unshare mode and a user namespace (<see cref="UnprivilegedRootFs"/>).
/// </summary>
internal sealed class MmdebstrapImageBuilder : IImageBuilder
{
    private const string GuestProvisionDir = "/tmp/vexfs-provision";
    private readonly ToolLocator _tools;
    private readonly ILogger<MmdebstrapImageBuilder> _logger;
    private readonly Lazy<string> _identity;

    public MmdebstrapImageBuilder(ToolLocator tools, ToolVersions versions, ILogger<MmdebstrapImageBuilder> logger)
    {
        _tools = tools;
        _logger = logger;
        // Root's identity is unchanged (its cached images stay valid); unshare mode leaves /dev empty (devtmpfs fills it).
        _identity = new Lazy<string>(() => "mmdebstrap " + versions.Read(_tools.Require("mmdebstrap", "mmdebstrap"), "--version")
            + (UserNamespace.IsRoot ? "" : " " + UnprivilegedRootFs.IdentitySuffix));
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
        var work = request.WorkDirectory;
        RejectQuotes(work);
        RejectQuotes(request.Scripts.Directory);
        var root = Path.Combine(work, "rootfs");
        var raw = Path.Combine(work, "root.raw");
        var tool = new ExternalTool(_logger);

        _logger.LogInformation("mmdebstrap: {Suite} from {Mirror} with {Count} packages (this downloads and installs; about a minute or more)",
            request.Series.Suite, request.Mirror, packages.Count);
        var unprivileged = UserNamespace.IsRoot ? null : new UnprivilegedRootFs(_tools, tool, work);
        try
        {
            var target = unprivileged?.Tarball ?? root;
            await tool.RunAsync(_tools.Require("mmdebstrap", "mmdebstrap"), [.. UnprivilegedRootFs.ModeArguments(), .. MmdebstrapArguments(request, packages, target, unprivileged is not null)], ct,
                environment: unprivileged?.MmdebstrapEnvironment(),
                failureHint: "check the mirror (--mirror) serves this suite and that packer/scripts/packages.txt names existing packages"
                    + (unprivileged is null ? "" : "; as a normal user, ./build.sh Setup names what unshare mode needs"));
            if (unprivileged is not null)
            {
                await unprivileged.ExtractAsync(root, ct);
            }

            var kernel = await request.Series.Kernel.ProvideAsync(root, work, ct);
            _logger.LogInformation("mmdebstrap: root filesystem ready, kernel {Release}; making the ext4 image", kernel.Release);

            string[] mkfs = [_tools.Require("mkfs.ext4", "e2fsprogs"),
                "-q", "-F", "-t", "ext4", "-L", "vexfs-root", "-m", "0", "-d", root, raw, $"{ImageLayout.RootFilesystemBytes / 1024}k"];
            var argv = unprivileged?.InNamespace(mkfs) ?? mkfs;
            await tool.RunAsync(argv[0], argv.Skip(1).ToList(), ct);
            await DeleteRootAsync(unprivileged, root, CancellationToken.None);
            await tool.RunAsync(_tools.Require("qemu-img", "qemu-utils"),
                ["convert", "-f", "raw", "-O", "qcow2", raw, Path.Combine(work, ImageLayout.RootDisk)], ct);
            File.Delete(raw);
            return new BuiltImage(kernel.Release, kernel.Packages);
        }
        finally
        {
            // A normal user cannot remove files of subordinate ids directly; whatever failed, none stay behind.
            // Root's tree is left to the cache's StaleBuildCleaner, which detaches what a killed mmdebstrap
            // left mounted in it first.
            if (unprivileged is not null)
            {
                await unprivileged.DeleteTreeAsync(root, CancellationToken.None);
                await unprivileged.DeleteLeftoversAsync();
            }
        }
    }

    private static async Task DeleteRootAsync(UnprivilegedRootFs? unprivileged, string root, CancellationToken ct)
    {
        if (unprivileged is not null)
        {
            await unprivileged.DeleteTreeAsync(root, ct);
        }
        else if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    internal static List<string> MmdebstrapArguments(ImageBuildRequest request, IReadOnlyList<string> packages, string root, bool unshareMode = false)
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
            // copy-in keeps the host owner, which unshare mode does not map to root.
            .. unshareMode ? [$"--customize-hook=chown 0:0 \"$1/etc/ssh/{Path.GetFileName(hostKey)}\" \"$1/etc/ssh/{Path.GetFileName(hostKey)}.pub\""] : Array.Empty<string>(),
            $"--customize-hook=rm -rf \"$1{GuestProvisionDir}\"",
            request.Series.Suite,
            root,
            request.Mirror,
        ];
    }

    private static void RejectQuotes(string path)
    {
        if (path.Contains('\'', StringComparison.Ordinal) || path.Contains('"', StringComparison.Ordinal))
        {
            throw new LabException($"path '{path}' contains a quote character, which the mmdebstrap hooks cannot carry", "use a cache directory and checkout path without quotes");
        }
    }
}
