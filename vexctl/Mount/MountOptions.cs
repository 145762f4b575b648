namespace Vexctl.Mount;

/// <summary>
/// A mount's -o list split as mount(8) splits it: the generic options the VFS takes as flags (MS_RDONLY, ...)
/// and the rest, which vexfs gets as its data string.
/// </summary>
internal sealed record MountOptions(ulong Flags, string? Data)
{
    private static readonly (string Name, ulong Set, ulong Clear)[] Generic =
    [
        ("ro", 0x1, 0), ("rw", 0, 0x1),
        ("nosuid", 0x2, 0), ("suid", 0, 0x2),
        ("nodev", 0x4, 0), ("dev", 0, 0x4),
        ("noexec", 0x8, 0), ("exec", 0, 0x8),
        ("sync", 0x10, 0), ("async", 0, 0x10),
        ("dirsync", 0x80, 0),
        ("noatime", 0x400, 0), ("atime", 0, 0x400),
        ("nodiratime", 0x800, 0), ("diratime", 0, 0x800),
        ("relatime", 0x200000, 0), ("norelatime", 0, 0x200000),
        ("strictatime", 0x1000000, 0),
        ("lazytime", 0x2000000, 0), ("nolazytime", 0, 0x2000000),
        ("defaults", 0, 0),
    ];

    public static MountOptions Parse(string? list)
    {
        ulong flags = 0;
        var data = new List<string>();
        foreach (var option in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var generic = Array.FindIndex(Generic, g => g.Name == option);
            if (generic < 0)
            {
                data.Add(option);
                continue;
            }

            flags = (flags | Generic[generic].Set) & ~Generic[generic].Clear;
        }

        return new MountOptions(flags, data.Count > 0 ? string.Join(',', data) : null);
    }
}
