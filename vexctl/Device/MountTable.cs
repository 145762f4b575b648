using System.Globalization;
using System.Text;
using Vexctl.Native;

namespace Vexctl.Device;

/// <summary>One line of /proc/self/mountinfo.</summary>
internal sealed record MountEntry(uint Major, uint Minor, string MountPoint, string FsType, string Source);

/// <summary>The mounts of this process's namespace, parsed from /proc/self/mountinfo.</summary>
internal sealed class MountTable
{
    public const string VexfsType = "vexfs";

    public MountTable(IReadOnlyList<MountEntry> entries) => Entries = entries;

    public IReadOnlyList<MountEntry> Entries { get; }

    public static MountTable Load(string path = "/proc/self/mountinfo") =>
        File.Exists(path) ? Parse(File.ReadAllLines(path)) : new MountTable([]);

    public static MountTable Parse(IEnumerable<string> lines)
    {
        var entries = new List<MountEntry>();
        foreach (var line in lines)
        {
            // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || dash < 0 || dash + 2 >= fields.Length)
            {
                continue;
            }

            var devParts = fields[2].Split(':');
            if (devParts.Length != 2
                || !uint.TryParse(devParts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
                || !uint.TryParse(devParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
            {
                continue;
            }

            entries.Add(new MountEntry(major, minor, Unescape(fields[4]), fields[dash + 1], Unescape(fields[dash + 2])));
        }

        return new MountTable(entries);
    }

    /// <summary>The mount holding <paramref name="path"/>: same device, longest mount point prefix.</summary>
    public MountEntry? Find(string path)
    {
        if (FileIdentity.TryGet(path, out _) is not { } id)
        {
            return null;
        }

        var full = Path.GetFullPath(path);
        return Entries
            .Where(e => e.Major == id.DevMajor && e.Minor == id.DevMinor)
            .OrderByDescending(e => IsUnder(full, e.MountPoint) ? e.MountPoint.Length : -1)
            .FirstOrDefault();
    }

    /// <summary>True when <paramref name="source"/> (a device or image path) is mounted.</summary>
    public bool IsSourceMounted(string source) => Entries.Any(e => e.Source == source);

    private static bool IsUnder(string path, string mountPoint) =>
        mountPoint == "/" || path == mountPoint || path.StartsWith(mountPoint + "/", StringComparison.Ordinal);

    // mountinfo escapes space, tab, newline and backslash as \ooo.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var sb = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                sb.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                sb.Append(field[i]);
            }
        }

        return sb.ToString();
    }

    private static bool IsOctal(string s, int start) =>
        start + 3 <= s.Length && !s.AsSpan(start, 3).ContainsAnyExceptInRange('0', '7');
}
