using System.Globalization;
using System.Text;

namespace Vexctl.Output;

/// <summary>The human-readable output of status, search and vec get.</summary>
internal static class TextFormatter
{
    public static string Status(StatusReport s)
    {
        var rows = new (string Key, string Value)[]
        {
            ("ABI version", $"{s.AbiVersion} (vexctl {s.VexctlAbiVersion})"),
            ("format version", N(s.FormatVersion)),
            ("module version", s.ModuleVersion),
            ("kernel release", s.KernelRelease),
            ("mounts", N(s.Mounts)),
            ("files with vectors", N(s.FilesWithVectors)),
            ("searches", N(s.Searches)),
            ("vector bytes", N(s.VectorBytes)),
        };
        var width = rows.Max(r => r.Key.Length);
        var sb = new StringBuilder();
        foreach (var (key, value) in rows)
        {
            sb.Append((key + ":").PadRight(width + 3)).Append(value).Append('\n');
        }

        if (s.MountDetails is { } mounts)
        {
            sb.Append('\n');
            if (mounts.Count == 0)
            {
                sb.Append("no vexfs mounts\n");
            }
            else
            {
                string[] header = ["DEVICE", "DIM", "INODES", "FREE INODES", "BLOCKS", "FREE BLOCKS", "FILES WITH VECTORS", "SEARCHES"];
                var table = mounts.Select(m => (IReadOnlyList<string>)
                    [m.Device, N(m.VectorDim), N(m.InodeCount), N(m.FreeInodes), N(m.BlockCount), N(m.FreeBlocks), N(m.FilesWithVectors), N(m.Searches)])
                    .ToList();
                sb.Append(TextTable.Render(header, table, new HashSet<int> { 1, 2, 3, 4, 5, 6, 7 }));
            }
        }

        return sb.ToString();
    }

    public static string Search(SearchReport r)
    {
        if (r.Results.Count == 0)
        {
            return "no files with vectors\n";
        }

        var rows = r.Results.Select(h => (IReadOnlyList<string>)
            [N(h.Rank), N(h.Ino), h.Distance.ToString(CultureInfo.InvariantCulture), h.Path ?? "(path not found)"]).ToList();
        return TextTable.Render(["RANK", "INODE", "DISTANCE", "PATH"], rows, new HashSet<int> { 0, 1, 2 });
    }

    /// <summary>Comma-separated, so the output can be fed back to `vec set`.</summary>
    public static string Vector(IReadOnlyList<int> vector) =>
        string.Join(',', vector.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "\n";

    public static string Mkfs(MkfsReport m) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"""
            vexfs formatted {m.Device}
              blocks:       {m.BlockCount} x 4096 bytes ({m.FreeBlocks} free)
              inodes:       {m.InodeCount} ({m.FreeInodes} free)
              vector dim:   {m.VectorDim} (int8)
              regions:      inode bitmap @{m.InodeBitmapStart}, block bitmap @{m.BlockBitmapStart}, inode table @{m.InodeTableStart}, vector table @{m.VectorTableStart}
              data start:   block {m.DataStart}
              uuid:         {m.Uuid}
              label:        {(m.Label.Length == 0 ? "(none)" : m.Label)}

            """);

    private static string N<T>(T value)
        where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
}
