using System.Security.Cryptography;
using System.Text;

namespace Vexfs.Lab.Images;

/// <summary>Everything that shapes a guest image; its hash names the cache entry.</summary>
internal sealed record ImageCacheKey(
    int FormatVersion,
    string Suite,
    string Mirror,
    IReadOnlyList<string> Packages,
    string ScriptsHash,
    string Builder,
    string BuilderIdentity,
    string? KernelVersion = null)
{
    /// <summary>"&lt;suite&gt;-&lt;16 hex digits&gt;": readable in a directory listing, unique in practice.</summary>
    public string Compute()
    {
        var text = new StringBuilder()
            .Append("format=").Append(FormatVersion).Append('\n')
            .Append("suite=").Append(Suite).Append('\n')
            .Append("mirror=").Append(Mirror.TrimEnd('/')).Append('\n')
            .Append("packages=").Append(string.Join(',', Packages)).Append('\n')
            .Append("scripts=").Append(ScriptsHash).Append('\n')
            .Append("builder=").Append(Builder).Append('\n')
            .Append("builder-identity=").Append(BuilderIdentity).Append('\n')
            .Append(KernelVersion is null ? "" : $"kernel={KernelVersion}\n")
            .ToString();
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return $"{Suite}-{Convert.ToHexStringLower(digest)[..16]}";
    }
}
