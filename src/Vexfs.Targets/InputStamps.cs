using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Vexfs.Targets;

/// <summary>
/// Content hashes of a target's declared inputs, stored under <c>artifacts/.stamps/</c> after each success,
/// so a target whose inputs are unchanged is reported UpToDate instead of running again.
/// </summary>
internal sealed class InputStamps(string rootDirectory)
{
    // Build outputs and tool state are never inputs, whatever a glob says.
    private static readonly string[] AlwaysExcluded =
        ["**/bin/**", "**/obj/**", "artifacts/**", ".nuke/temp/**", ".git/**", "**/node_modules/**"];

    private string StampDirectory => Path.Combine(rootDirectory, "artifacts", ".stamps");

    public string ComputeHash(IReadOnlyList<string> globs)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        foreach (var glob in globs)
        {
            if (glob.StartsWith('!'))
            {
                matcher.AddExclude(glob[1..]);
            }
            else
            {
                matcher.AddInclude(glob);
            }
        }

        matcher.AddExcludePatterns(AlwaysExcluded);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Join('\n', globs) + "\0"));
        foreach (var file in matcher.GetResultsInFullPath(rootDirectory).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(rootDirectory, file) + "\0"));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public bool IsUpToDate(string target, string hash)
    {
        var path = StampPath(target);
        return File.Exists(path) && File.ReadAllText(path).Trim() == hash;
    }

    public void Save(string target, string hash)
    {
        Directory.CreateDirectory(StampDirectory);
        File.WriteAllText(StampPath(target), hash + "\n");
    }

    /// <summary>Whether every declared output is there: a stamp is no proof once its product was deleted.</summary>
    public bool AllExist(IEnumerable<string> outputs) =>
        outputs.All(o => File.Exists(Path.Combine(rootDirectory, o)) || Directory.Exists(Path.Combine(rootDirectory, o)));

    public void Forget(string target) => File.Delete(StampPath(target));

    private string StampPath(string target) => Path.Combine(StampDirectory, target + ".stamp");
}
