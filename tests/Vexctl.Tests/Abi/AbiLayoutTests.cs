using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Vexctl.Abi;
using Vexctl.Tests.Support;

namespace Vexctl.Tests.Abi;

/// <summary>
/// Compiles a C program against vexfs.h that prints sizeof/offsetof of every field of every struct and
/// the value of every #define, and compares each with the C# mirror. The field list comes from the
/// header itself, so a field added there without a C# counterpart fails too.
/// </summary>
public sealed class AbiLayoutTests
{
    private static readonly FrozenDictionary<string, object> CSharpConstants = new Dictionary<string, object>
    {
        ["VEXFS_MAGIC"] = VexfsAbi.Magic,
        ["VEXFS_FORMAT_VERSION"] = VexfsAbi.FormatVersion,
        ["VEXFS_ABI_VERSION"] = VexfsAbi.AbiVersion,
        ["VEXFS_BLOCK_SIZE"] = VexfsAbi.BlockSize,
        ["VEXFS_MAX_DIM"] = VexfsAbi.MaxDim,
        ["VEXFS_MAX_K"] = VexfsAbi.MaxK,
        ["VEXFS_NAME_LEN"] = VexfsAbi.NameLen,
        ["VEXFS_ROOT_INO"] = VexfsAbi.RootIno,
        ["VEXFS_CONTROL_DEVICE"] = VexfsAbi.ControlDevice,
        ["VEXFS_ELEM_INT8"] = VexfsAbi.ElemInt8,
        ["VEXFS_METRIC_L2"] = VexfsAbi.MetricL2,
        ["VEXFS_METRIC_DOT"] = VexfsAbi.MetricDot,
        ["VEXFS_NDIR_BLOCKS"] = VexfsAbi.NDirBlocks,
        ["VEXFS_IND_BLOCK"] = VexfsAbi.IndBlock,
        ["VEXFS_DIND_BLOCK"] = VexfsAbi.DindBlock,
        ["VEXFS_N_BLOCKS"] = VexfsAbi.NBlocks,
        ["VEXFS_INODE_HAS_VECTOR"] = VexfsAbi.InodeHasVector,
        ["VEXFS_INODE_FLAGS"] = VexfsAbi.InodeFlags,
        ["VEXFS_FAST_SYMLINK_MAX"] = VexfsAbi.FastSymlinkMax,
        ["VEXFS_INODES_PER_BLOCK"] = VexfsAbi.InodesPerBlock,
        ["VEXFS_DIR_ENTRIES_PER_BLOCK"] = VexfsAbi.DirEntriesPerBlock,
        ["VEXFS_IOC_MAGIC"] = VexfsAbi.IocMagic,
        ["VEXFS_IOC_SET_VECTOR"] = VexfsAbi.IocSetVector,
        ["VEXFS_IOC_GET_VECTOR"] = VexfsAbi.IocGetVector,
        ["VEXFS_IOC_CLEAR_VECTOR"] = VexfsAbi.IocClearVector,
        ["VEXFS_IOC_SEARCH"] = VexfsAbi.IocSearch,
        ["VEXFS_VERSION_LEN"] = VexfsAbi.VersionLen,
        ["VEXFS_RELEASE_LEN"] = VexfsAbi.ReleaseLen,
        ["VEXFS_DEVNAME_LEN"] = VexfsAbi.DevNameLen,
        ["VEXFS_MAX_STATUS_MOUNTS"] = VexfsAbi.MaxStatusMounts,
        ["VEXFS_IOC_GET_STATUS"] = VexfsAbi.IocGetStatus,
        ["VEXFS_IOC_GET_STATUS_FULL"] = VexfsAbi.IocGetStatusFull,
    }.ToFrozenDictionary();

    [Fact]
    public async Task Every_struct_field_and_constant_matches_the_header()
    {
        var header = HeaderModel.Load(RepoPaths.UapiHeader);
        Assert.True(header.Structs.Count >= 9, $"parsed only {header.Structs.Count} structs from vexfs.h");
        var output = await CProgram.CompileAndRunAsync(Probe(header));
        var c = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 3))
            .ToDictionary(p => $"{p[0]} {p[1]}", p => p[2]);

        var mismatches = new List<string>();
        foreach (var (name, fields) in header.Structs)
        {
            CompareStruct(name, fields, c, mismatches);
        }

        foreach (var name in header.Defines.Keys.Where(n => n.StartsWith("VEXFS_", StringComparison.Ordinal)))
        {
            var expected = c[$"define {name}"];
            if (!CSharpConstants.TryGetValue(name, out var value))
            {
                mismatches.Add($"{name}: no C# constant mirrors it (header value {expected})");
            }
            else if (Convert.ToString(value, CultureInfo.InvariantCulture) != expected)
            {
                mismatches.Add($"{name}: C {expected}, C# {value}");
            }
        }

        Assert.True(mismatches.Count == 0, "ABI drift between vexfs.h and vexctl:\n" + string.Join('\n', mismatches));
    }

    [Fact]
    public void Ioctl_numbers_have_the_documented_encoding()
    {
        // _IOW('V', 1, 16 bytes) = dir 1 << 30 | 16 << 16 | 'V' << 8 | 1
        Assert.Equal((nuint)0x40105601, VexfsAbi.IocSetVector);
        Assert.Equal((nuint)0xC0105602, VexfsAbi.IocGetVector);
        Assert.Equal((nuint)0x00005603, VexfsAbi.IocClearVector);
        Assert.Equal((nuint)0xC0205604, VexfsAbi.IocSearch);
        Assert.Equal((nuint)0x80905610, VexfsAbi.IocGetStatus);
        Assert.Equal((nuint)0x80081272, Ioctl.BlkGetSize64);
    }

    private static void CompareStruct(string cName, IReadOnlyList<string> fields, Dictionary<string, string> c, List<string> mismatches)
    {
        var typeName = "Vexctl.Abi." + Pascal(cName);
        var type = typeof(VexfsAbi).Assembly.GetType(typeName);
        if (type is null)
        {
            mismatches.Add($"struct {cName}: no C# type {typeName}");
            return;
        }

        var cSize = c[$"sizeof {cName}"];
        var marshalSize = Marshal.SizeOf(type).ToString(CultureInfo.InvariantCulture);
        var managedSize = RuntimeHelpers.SizeOf(type.TypeHandle).ToString(CultureInfo.InvariantCulture);
        if (marshalSize != cSize || managedSize != cSize)
        {
            mismatches.Add($"sizeof {cName}: C {cSize}, C# Marshal.SizeOf {marshalSize}, managed {managedSize}");
        }

        var prefix = CommonPrefix(fields);
        var expectedNames = fields.Select(f => Pascal(f[prefix.Length..])).ToList();
        var actualNames = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Select(f => f.Name).ToList();
        if (!expectedNames.SequenceEqual(actualNames))
        {
            mismatches.Add($"{type.Name} fields [{string.Join(", ", actualNames)}] differ from the header's [{string.Join(", ", expectedNames)}]");
        }

        for (var i = 0; i < fields.Count; i++)
        {
            var cOffset = c[$"offsetof {cName}.{fields[i]}"];
            if (!actualNames.Contains(expectedNames[i]))
            {
                continue;
            }

            var offset = Marshal.OffsetOf(type, expectedNames[i]).ToString(CultureInfo.InvariantCulture);
            if (offset != cOffset)
            {
                mismatches.Add($"offsetof {cName}.{fields[i]}: C {cOffset}, C# {type.Name}.{expectedNames[i]} {offset}");
            }
        }
    }

    private static string Probe(HeaderModel header)
    {
        var sb = new StringBuilder();
        sb.Append("#include <stdio.h>\n#include <stddef.h>\n#include \"").Append(RepoPaths.UapiHeader).Append("\"\n\nint main(void)\n{\n");
        foreach (var (name, fields) in header.Structs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\tprintf(\"sizeof {name} %zu\\n\", sizeof(struct {name}));\n");
            foreach (var field in fields)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\tprintf(\"offsetof {name}.{field} %zu\\n\", offsetof(struct {name}, {field}));\n");
            }
        }

        foreach (var (name, value) in header.Defines.Where(d => d.Key.StartsWith("VEXFS_", StringComparison.Ordinal)))
        {
            var format = value.StartsWith('"') ? "%s" : "%llu";
            var cast = value.StartsWith('"') ? "" : "(unsigned long long)";
            sb.Append(CultureInfo.InvariantCulture, $"\tprintf(\"define {name} {format}\\n\", {cast}({name}));\n");
        }

        return sb.Append("\treturn 0;\n}\n").ToString();
    }

    private static string CommonPrefix(IReadOnlyList<string> fields)
    {
        var first = fields[0];
        var underscore = first.IndexOf('_', StringComparison.Ordinal);
        if (underscore != 1)
        {
            return "";
        }

        var prefix = first[..2];
        return fields.All(f => f.StartsWith(prefix, StringComparison.Ordinal)) ? prefix : "";
    }

    private static string Pascal(string snake) =>
        string.Concat(snake.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
