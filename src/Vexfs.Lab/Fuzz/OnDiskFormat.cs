using System.Globalization;
using System.Text.RegularExpressions;

namespace Vexfs.Lab.Fuzz;

/// <summary>One field of an on-disk struct: its byte offset, its whole size and (for arrays) its element size.</summary>
public sealed record FormatField(string Name, int Offset, int Size, int ElementSize)
{
    public int Count => Size / ElementSize;
}

/// <summary>An on-disk struct as the header lays it out (natural alignment, as the C compiler does).</summary>
public sealed record FormatStruct(string Name, int Size, IReadOnlyList<FormatField> Fields)
{
    public FormatField this[string field] => Find(field)
        ?? throw new LabException($"struct {Name} has no field {field} in the module's uapi header", "update src/Vexfs.Lab/Fuzz for the new on-disk format");

    public FormatField? Find(string field) => Fields.FirstOrDefault(f => f.Name == field);
}

/// <summary>
/// The vexfs on-disk format as the module under test defines it: the structs and constants of
/// include/uapi/vexfs.h, read from the header text, so a format change (a new field, a version bump)
/// reaches the fuzzer without a second copy of the layout. This is the fuzzer's only layout knowledge.
/// </summary>
public sealed partial record OnDiskFormat(FormatStruct SuperBlock, FormatStruct Inode, FormatStruct DirEntry, IReadOnlyDictionary<string, long> Constants)
{
    public const string HeaderPath = "include/uapi/vexfs.h";

    public int BlockSize => (int)Constant("VEXFS_BLOCK_SIZE");

    public uint RootIno => (uint)Constant("VEXFS_ROOT_INO");

    public uint HasVectorFlag => (uint)Constant("VEXFS_INODE_HAS_VECTOR");

    public int DirectBlocks => (int)Constant("VEXFS_NDIR_BLOCKS");

    public int IndirectBlock => (int)Constant("VEXFS_IND_BLOCK");

    public long Constant(string name) => Constants.TryGetValue(name, out var v)
        ? v
        : throw new LabException($"the module's uapi header defines no {name}", "update src/Vexfs.Lab/Fuzz for the new on-disk format");

    /// <summary>Reads the header of a module source tree (the directory holding Kbuild).</summary>
    public static OnDiskFormat Load(string moduleSourceDirectory)
    {
        var path = Path.Combine(moduleSourceDirectory, HeaderPath);
        if (!File.Exists(path))
        {
            throw new LabException($"no {HeaderPath} in {moduleSourceDirectory}", "give the module source directory (the one holding Kbuild)");
        }

        return Parse(File.ReadAllText(path));
    }

    public static OnDiskFormat Parse(string header)
    {
        var text = BlockComment().Replace(header.Replace("\\\n", " ", StringComparison.Ordinal), " ");
        text = LineComment().Replace(text, "");
        var constants = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match m in Define().Matches(text))
        {
            if (ParseNumber(m.Groups["value"].Value.Trim()) is { } value)
            {
                constants[m.Groups["name"].Value] = value;
            }
        }

        // Only the on-disk structs: the ioctl ones nest structs, which this reader need not know.
        var bodies = StructBlock().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["body"].Value);
        FormatStruct Get(string name) => bodies.TryGetValue(name, out var body) ? Layout(name, body, constants) : throw new LabException($"the uapi header has no struct {name}");
        return new OnDiskFormat(Get("vexfs_super_block"), Get("vexfs_inode"), Get("vexfs_dir_entry"), constants);
    }

    private static FormatStruct Layout(string name, string body, IReadOnlyDictionary<string, long> constants)
    {
        var fields = new List<FormatField>();
        var offset = 0;
        var align = 1;
        foreach (var declaration in body.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var m = Field().Match(declaration);
            if (!m.Success)
            {
                throw new LabException($"cannot read the field `{declaration}` of struct {name} in the uapi header");
            }

            var element = TypeSize(m.Groups["type"].Value, name);
            var count = m.Groups["count"].Success ? Count(m.Groups["count"].Value, constants, name) : 1;
            offset = (offset + element - 1) / element * element;
            align = Math.Max(align, element);
            fields.Add(new FormatField(m.Groups["name"].Value, offset, element * count, element));
            offset += element * count;
        }

        return new FormatStruct(name, (offset + align - 1) / align * align, fields);
    }

    private static int TypeSize(string type, string structName) => type switch
    {
        "__u8" or "__s8" or "char" => 1,
        "__le16" or "__u16" or "__s16" => 2,
        "__le32" or "__u32" or "__s32" => 4,
        "__le64" or "__u64" or "__s64" => 8,
        _ => throw new LabException($"struct {structName} uses type {type}, which the fuzzer's layout reader does not know"),
    };

    private static int Count(string text, IReadOnlyDictionary<string, long> constants, string structName) =>
        (int)(ParseNumber(text.Trim()) ?? (constants.TryGetValue(text.Trim(), out var v) ? v
            : throw new LabException($"struct {structName} has an array of {text} elements, which is no number or #define")));

    private static long? ParseNumber(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h) ? h : null
            : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? d : null;

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"struct\s+(?<name>\w+)\s*\{(?<body>[^}]*)\}\s*;")]
    private static partial Regex StructBlock();

    [GeneratedRegex(@"^(?<type>\w+)\s+(?<name>\w+)\s*(\[\s*(?<count>\w+)\s*\])?$")]
    private static partial Regex Field();

    [GeneratedRegex(@"^[ \t]*#define[ \t]+(?<name>\w+)[ \t]+(?<value>[^\n]*)$", RegexOptions.Multiline)]
    private static partial Regex Define();
}
