using System.Security.Cryptography;
using System.Text;

namespace Vexfs.Lab.Images;

/// <summary>packer/scripts/: the provisioning both image builders run, and the package lists.</summary>
internal sealed class ProvisioningScripts
{
    public ProvisioningScripts(string repoRoot)
    {
        Directory = Path.Combine(repoRoot, "packer", "scripts");
        PackerTemplate = Path.Combine(repoRoot, "packer", "vexfs.pkr.hcl");
        if (!File.Exists(ProvisionScript))
        {
            throw new LabException(
                $"provisioning script {ProvisionScript} not found",
                "run from a VexFS checkout (the lab reads packer/scripts/ from the repository root)");
        }
    }

    public string Directory { get; }

    public string PackerTemplate { get; }

    public string ProvisionScript => Path.Combine(Directory, "provision.sh");

    public IReadOnlyList<string> Packages => ReadList("packages.txt");

    public IReadOnlyList<string> BasePackages => ReadList("base-packages.txt");

    /// <summary>SHA-256 over every file's name and content, in name order: any change means a new image.</summary>
    public string ContentHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(Directory, file) + "\0"));
            hash.AppendData(File.ReadAllBytes(file));
            hash.AppendData([0]);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private List<string> ReadList(string name)
    {
        var path = Path.Combine(Directory, name);
        var list = File.ReadAllLines(path)
            .Select(line => line.Split('#')[0].Trim())
            .Where(line => line.Length > 0)
            .ToList();
        return list.Count > 0 ? list : throw new LabException($"package list {path} is empty", "list one Debian package per line");
    }
}
