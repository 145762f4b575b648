using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;

namespace Vexfs.Lab.Images;

/// <summary>
/// --image-builder packer: mmdebstrap makes a small base disk (base-packages.txt, provisioned so root can
/// log in), then packer/vexfs.pkr.hcl boots it under QEMU, installs packages.txt and runs the same
/// provision.sh. The result is converted into the same cache entry layout as the default builder.
/// </summary>
internal sealed class PackerImageBuilder : IImageBuilder
{
    // What the template's download provisioners bring back from the guest.
    private static readonly string[] Artifacts = ["vmlinuz", "initrd.img", "kernel-release", "kernel-packages"];
    private readonly MmdebstrapImageBuilder _mmdebstrap;
    private readonly ToolLocator _tools;
    private readonly ILogger<PackerImageBuilder> _logger;
    private readonly Lazy<string> _packerVersion;

    private readonly string _template;

    public PackerImageBuilder(MmdebstrapImageBuilder mmdebstrap, string template, ToolLocator tools, ToolVersions versions, ILogger<PackerImageBuilder> logger)
    {
        _template = template;
        _mmdebstrap = mmdebstrap;
        _tools = tools;
        _logger = logger;
        _packerVersion = new Lazy<string>(() => versions.Read(_tools.Require("packer", "packer"), "version"));
    }

    public string Name => "packer";

    /// <summary>Packer's version, the base builder's and the template's content: all shape the image.</summary>
    public string Identity => $"{_packerVersion.Value}; {_mmdebstrap.Identity}; template {TemplateHash(_template)}";

    public async Task<BuiltImage> BuildAsync(ImageBuildRequest request, CancellationToken ct)
    {
        var packer = _tools.Require("packer", "packer");
        var template = _template;

        var work = request.WorkDirectory;
        var baseDir = Path.Combine(work, "base");
        var artifacts = Path.Combine(work, "packer-artifacts");
        var output = Path.Combine(work, "packer-output");
        Directory.CreateDirectory(baseDir);
        Directory.CreateDirectory(artifacts);

        _logger.LogInformation("packer: building the base disk with mmdebstrap ({Count} packages)", request.Scripts.BasePackages.Count);
        await _mmdebstrap.BuildRootDiskAsync(request, request.Scripts.BasePackages, ct);
        foreach (var name in new[] { ImageLayout.RootDisk, ImageLayout.Kernel, ImageLayout.Initrd })
        {
            File.Move(Path.Combine(work, name), Path.Combine(baseDir, name));
        }

        var port = FreePort.Pick();
        _logger.LogInformation("packer: provisioning in QEMU (guest SSH on 127.0.0.1:{Port}; a few minutes under TCG)", port);
        string[] arguments =
        [
            "build", "-force", "-only=qemu.vexfs",
            "-var", $"base_disk={Path.Combine(baseDir, ImageLayout.RootDisk)}",
            "-var", $"kernel={Path.Combine(baseDir, ImageLayout.Kernel)}",
            "-var", $"initrd={Path.Combine(baseDir, ImageLayout.Initrd)}",
            "-var", $"ssh_private_key={Path.Combine(work, ImageLayout.PrivateKey)}",
            "-var", $"authorized_keys={Path.Combine(work, ImageLayout.PublicKey)}",
            "-var", $"scripts_dir={request.Scripts.Directory}",
            "-var", $"output_dir={output}",
            "-var", $"artifacts_dir={artifacts}",
            "-var", $"ssh_port={port.ToString(CultureInfo.InvariantCulture)}",
            template,
        ];
        var environment = new Dictionary<string, string?>
        {
            ["CHECKPOINT_DISABLE"] = "1",
            ["PACKER_CACHE_DIR"] = Path.Combine(work, "packer-cache"),
        };
        await new ExternalTool(_logger).RunAsync(packer, arguments, ct, workingDirectory: work, environment: environment,
            failureHint: $"the guest console is in {output}-console.log; run with --image-builder mmdebstrap to compare");

        await new ExternalTool(_logger).RunAsync(_tools.Require("qemu-img", "qemu-utils"),
            ["convert", "-O", "qcow2", Path.Combine(output, "root.qcow2"), Path.Combine(work, ImageLayout.RootDisk)], ct);
        var missing = Artifacts.Where(n => !File.Exists(Path.Combine(artifacts, n))).ToList();
        if (missing.Count > 0)
        {
            throw new LabException(
                $"packer finished but did not download {string.Join(", ", missing)} into {artifacts} (found: {string.Join(", ", Directory.EnumerateFileSystemEntries(artifacts).Select(Path.GetFileName))})",
                "check the download provisioners at the end of packer/vexfs.pkr.hcl");
        }

        File.Copy(Path.Combine(artifacts, "vmlinuz"), Path.Combine(work, ImageLayout.Kernel));
        File.Copy(Path.Combine(artifacts, "initrd.img"), Path.Combine(work, ImageLayout.Initrd));
        var release = (await File.ReadAllTextAsync(Path.Combine(artifacts, "kernel-release"), ct)).Trim();
        var packages = ParsePackages(await File.ReadAllLinesAsync(Path.Combine(artifacts, "kernel-packages"), ct));
        foreach (var dir in new[] { baseDir, artifacts, output, Path.Combine(work, "packer-cache") }.Where(Directory.Exists))
        {
            Directory.Delete(dir, recursive: true);
        }

        return new BuiltImage(release, packages);
    }

    internal static string TemplateHash(string template) => File.Exists(template)
        ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(template)))[..16]
        : throw new LabException($"Packer template {template} not found", "run from a VexFS checkout, or use --image-builder mmdebstrap");

    private static SortedDictionary<string, string> ParsePackages(IEnumerable<string> lines)
    {
        var packages = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var fields in lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length == 2))
        {
            packages[fields[0]] = fields[1];
        }

        return packages;
    }
}
