using System.Text;

namespace Vexctl.Abi;

/// <summary>Reads and writes the NUL-padded char arrays of the ABI structs.</summary>
internal static class CString
{
    public static string Read(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    /// <summary>Copies <paramref name="value"/> into a zeroed field, leaving room for the NUL.</summary>
    public static void Write(Span<byte> field, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > field.Length - 1)
        {
            throw new ArgumentException($"'{value}' is {bytes.Length} bytes; at most {field.Length - 1} fit", nameof(value));
        }

        field.Clear();
        bytes.CopyTo(field);
    }
}
