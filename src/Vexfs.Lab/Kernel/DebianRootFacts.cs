namespace Vexfs.Lab.Kernel;

/// <summary>Reads the kernel facts of a built Debian root filesystem (a directory) without running anything in it.</summary>
internal static class DebianRootFacts
{
    /// <summary>The one kernel release under lib/modules (a guest image carries exactly one kernel).</summary>
    public static string KernelRelease(string root)
    {
        var modules = Path.Combine(root, "lib", "modules");
        var releases = Directory.Exists(modules) ? Directory.GetDirectories(modules).Select(Path.GetFileName).ToList() : [];
        return releases.Count == 1
            ? releases[0]!
            : throw new LabException(
                $"expected exactly one kernel in {modules}, found {releases.Count} ({string.Join(", ", releases)})",
                "check packer/scripts/packages.txt installs one kernel image (linux-image-cloud-amd64)");
    }

    /// <summary>Installed linux-image/linux-headers/linux-kbuild packages and their versions, from the dpkg status file.</summary>
    public static IReadOnlyDictionary<string, string> KernelPackages(string dpkgStatusText)
    {
        var packages = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var stanza in dpkgStatusText.Replace("\r", string.Empty, StringComparison.Ordinal).Split("\n\n"))
        {
            string? name = null, version = null, status = null;
            foreach (var line in stanza.Split('\n'))
            {
                if (line.StartsWith("Package: ", StringComparison.Ordinal))
                {
                    name = line[9..].Trim();
                }
                else if (line.StartsWith("Version: ", StringComparison.Ordinal))
                {
                    version = line[9..].Trim();
                }
                else if (line.StartsWith("Status: ", StringComparison.Ordinal))
                {
                    status = line[8..].Trim();
                }
            }

            if (name is not null && version is not null && status == "install ok installed"
                && (name.StartsWith("linux-image", StringComparison.Ordinal)
                    || name.StartsWith("linux-headers", StringComparison.Ordinal)
                    || name.StartsWith("linux-kbuild", StringComparison.Ordinal)))
            {
                packages[name] = version;
            }
        }

        return packages;
    }
}
