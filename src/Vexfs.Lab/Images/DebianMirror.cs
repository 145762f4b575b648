namespace Vexfs.Lab.Images;

/// <summary>
/// Finds the Debian mirror images are built from: the --mirror value, else the first Debian archive
/// the host's apt sources name (not the security archive). No mirror host is built in.
/// </summary>
public static class DebianMirror
{
    // Codenames and aliases that identify a Debian archive entry (third-party repos use their own suites).
    private static readonly HashSet<string> DebianSuites = new(StringComparer.OrdinalIgnoreCase)
    {
        "buster", "bullseye", "bookworm", "trixie", "forky", "duke", "sid",
        "oldoldstable", "oldstable", "stable", "testing", "unstable", "experimental",
    };

    /// <summary>The explicit mirror if given (validated), else the host's.</summary>
    public static string Resolve(string? explicitMirror, string aptDirectory = "/etc/apt")
    {
        if (!string.IsNullOrWhiteSpace(explicitMirror))
        {
            return Validate(explicitMirror.Trim());
        }

        return FromHost(aptDirectory) ?? throw new LabException(
            $"no Debian mirror found in the host's apt sources ({aptDirectory}/sources.list, sources.list.d/*.list, *.sources)",
            "pass one: --mirror http://<your-debian-mirror>/debian");
    }

    /// <summary>The first Debian archive URI in the host's apt sources, or null.</summary>
    public static string? FromHost(string aptDirectory = "/etc/apt")
    {
        var sources = new List<AptSource>();
        var main = Path.Combine(aptDirectory, "sources.list");
        if (File.Exists(main))
        {
            sources.AddRange(AptSourcesParser.ParseOneLine(File.ReadAllText(main), main));
        }

        var dir = Path.Combine(aptDirectory, "sources.list.d");
        if (Directory.Exists(dir))
        {
            foreach (var file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
            {
                if (file.EndsWith(".list", StringComparison.Ordinal))
                {
                    sources.AddRange(AptSourcesParser.ParseOneLine(File.ReadAllText(file), file));
                }
                else if (file.EndsWith(".sources", StringComparison.Ordinal))
                {
                    sources.AddRange(AptSourcesParser.ParseDeb822(File.ReadAllText(file), file));
                }
            }
        }

        return FirstDebianArchive(sources);
    }

    internal static string? FirstDebianArchive(IEnumerable<AptSource> sources) =>
        sources.Where(IsDebianArchive).Select(s => s.Uri.TrimEnd('/')).FirstOrDefault();

    private static bool IsDebianArchive(AptSource source)
    {
        if (!Uri.TryCreate(source.Uri, UriKind.Absolute, out var uri)
            || uri.AbsolutePath.Contains("security", StringComparison.OrdinalIgnoreCase)
            || source.Suites.Any(s => s.Contains("security", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return uri.AbsolutePath.TrimEnd('/').EndsWith("/debian", StringComparison.Ordinal)
            || source.Suites.Any(s => DebianSuites.Contains(s.Split('-')[0]));
    }

    private static string Validate(string mirror)
    {
        if (Uri.TryCreate(mirror, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "file")
        {
            return mirror.TrimEnd('/');
        }

        throw new LabException(
            $"--mirror '{mirror}' is not an http(s):// or file:// URL",
            "pass the archive root, e.g. --mirror http://<your-debian-mirror>/debian");
    }
}
