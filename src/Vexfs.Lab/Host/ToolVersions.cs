using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace Vexfs.Lab.Host;

/// <summary>
/// The first line a tool prints of its version, as the image and saved-state keys take it. It is remembered in
/// the cache directory beside the executable's size and modification time, which a package upgrade changes:
/// `mmdebstrap --version` compiles the whole Perl script, 0.2 s of every run's image phase.
/// </summary>
public sealed class ToolVersions(string cacheDir)
{
    public const string Folder = "tool-versions";

    /// <summary>The version line of <paramref name="executable"/> run with <paramref name="arguments"/>.</summary>
    public string Read(string executable, params string[] arguments)
    {
        var file = new FileInfo(executable);
        if (!file.Exists)
        {
            return Run(executable, arguments);
        }

        var stamp = string.Create(CultureInfo.InvariantCulture, $"{file.FullName} {string.Join(' ', arguments)} {file.Length} {file.LastWriteTimeUtc.Ticks}");
        var entry = Path.Combine(cacheDir, Folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stamp)))[..16]);
        if (Remembered(entry, stamp) is { } known)
        {
            return known;
        }

        var version = Run(executable, arguments);
        if (version.Length > 0)
        {
            Remember(entry, stamp, version);
        }

        return version;
    }

    // The keys are computed synchronously (GuestImageCache.ComputeKey, SavedStateStore.ShapeOf).
    private static string Run(string executable, string[] arguments)
    {
        var result = Cli.Wrap(executable).WithArguments(arguments).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync().Task.GetAwaiter().GetResult();
        return (result.StandardOutput + result.StandardError).Trim().Split('\n')[0].Trim();
    }

    // "STAMP\nVERSION": an entry for another stamp (a hash collision) or a torn one is not used.
    private static string? Remembered(string entry, string stamp)
    {
        try
        {
            return File.ReadAllText(entry).Split('\n') is [var s, var version] && s == stamp && version.Length > 0 ? version : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Written to a draft and renamed, so a reader finds a whole entry or none (a torn one from two writers at once
    // is a miss); a draft a crash left is overwritten by the next run, which finds no entry. A cache that cannot
    // be written costs only the next run's tool start.
    private static void Remember(string entry, string stamp, string version)
    {
        var draft = $"{entry}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
            File.WriteAllText(draft, $"{stamp}\n{version}");
            File.Move(draft, entry, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(draft);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
