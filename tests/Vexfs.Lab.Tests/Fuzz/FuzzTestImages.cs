using System.Diagnostics;
using Vexfs.Lab.Fuzz;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Fuzz;

/// <summary>
/// Real images for the mutator tests: vexctl mkfs (the tool itself, run from this test's output) on a 2 MiB
/// file, then a few files and directories added the way the module lays them out, written through the
/// fuzzer's own layout so the tests also check that it reads the header right.
/// </summary>
internal static class FuzzTestImages
{
    public const int Bytes = 2 << 20;

    public static OnDiskFormat Format => OnDiskFormat.Load(Path.Combine(RepoRoot.Find(), "vexfs-kernel"));

    public static async Task<byte[]> MkfsAsync(CancellationToken ct)
    {
        using var dir = new TempDirectory();
        var image = dir.Combine("fuzz.img");
        await using (var file = File.Create(image))
        {
            file.SetLength(Bytes);
        }

        var vexctl = Path.Combine(AppContext.BaseDirectory, "vexctl.dll");
        var info = new ProcessStartInfo("dotnet", ["exec", vexctl, "mkfs", image, "--dim", "8", "--inodes", "64", "--force"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet");
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.True(process.ExitCode == 0, $"vexctl mkfs failed ({process.ExitCode}): {await error}");
        return await File.ReadAllBytesAsync(image, ct);
    }

    /// <summary>mkfs, then in the root: directory "d" (inode 2) and files f0..f3 (inodes 3..6, one data block each, f0 also linked as d/link).</summary>
    public static async Task<FuzzImage> PopulatedAsync(CancellationToken ct)
    {
        var image = new FuzzImage(Format, await MkfsAsync(ct));
        var next = image.DataStart;
        var rootBlock = next++;
        var dirBlock = next++;
        SetInode(image, 1, 0x41ED, 3, (ulong)image.BlockSize, rootBlock);
        SetInode(image, 2, 0x41ED, 2, (ulong)image.BlockSize, dirBlock);
        AddEntry(image, rootBlock, 0, 2, FuzzImage.DirType, "d");
        for (uint i = 0; i < 4; i++)
        {
            SetInode(image, 3 + i, 0x81A4, i == 0 ? 2u : 1u, 100, next++);
            AddEntry(image, rootBlock, (int)i + 1, 3 + i, FuzzImage.RegularType, $"f{i}");
        }

        AddEntry(image, dirBlock, 0, 3, FuzzImage.RegularType, "link");
        var bitmap = (long)image.Super("s_inode_bitmap_start") * image.BlockSize;
        image.Bytes[bitmap] = 0x7F; // inodes 0..6
        return image;
    }

    private static void SetInode(FuzzImage image, uint ino, ushort mode, uint links, ulong size, uint block)
    {
        var inode = image.Format.Inode;
        var at = image.InodeOffset(ino);
        image.Write(at, inode["i_mode"], mode);
        image.Write(at, inode["i_links_count"], links);
        image.Write(at, inode["i_size"], size);
        image.Write(at, inode["i_blocks"], 1);
        image.Write(at, inode["i_block"], block, 0);
    }

    private static void AddEntry(FuzzImage image, uint block, int slot, uint ino, int type, string name)
    {
        var entry = image.Format.DirEntry;
        var at = ((long)block * image.BlockSize) + (slot * entry.Size);
        image.Write(at, entry["d_ino"], ino);
        image.Write(at, entry["d_name_len"], (ulong)name.Length);
        image.Write(at, entry["d_file_type"], (ulong)type);
        System.Text.Encoding.ASCII.GetBytes(name).CopyTo(image.Bytes, at + entry["d_name"].Offset);
    }
}
