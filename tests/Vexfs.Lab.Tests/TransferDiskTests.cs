using CliWrap;
using CliWrap.Buffered;
using Vexfs.Lab.Machine;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests;

/// <summary>
/// The transfer disk's archive, read back by GNU tar as the guest reads it from /dev/vdc: the files at their
/// guest paths with their modes, the disk's size kept, and a shorter archive written over a longer one ending
/// where it ends.
/// </summary>
public sealed class TransferDiskTests
{
    [Fact]
    public async Task Gnu_tar_unpacks_the_files_at_their_guest_paths_and_a_later_shorter_write_ends_the_archive()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "GNU tar and Unix modes");
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var disk = temp.Combine("transfer.img");
        await using (var file = File.Create(disk))
        {
            file.SetLength(TransferDisk.Bytes);
        }

        var vexctl = temp.Combine("vexctl");
        var module = temp.Combine("vexfs.ko");
        await File.WriteAllBytesAsync(vexctl, [.. Enumerable.Range(0, 70_001).Select(i => (byte)i)], ct);
        await File.WriteAllTextAsync(module, "first module", ct);
        await TransferDisk.WriteAsync(disk, [new(vexctl, "/usr/local/bin/vexctl", (UnixFileMode)0x1ED), new(module, "/root/vexfs/vexfs.ko", (UnixFileMode)0x1A4)], ct);

        var first = await UnpackAsync(disk, temp.Combine("first"), ct);
        Assert.Equal(["root/vexfs/vexfs.ko", "usr/local/bin/vexctl"], first);
        Assert.Equal(await File.ReadAllBytesAsync(vexctl, ct), await File.ReadAllBytesAsync(temp.Combine("first/usr/local/bin/vexctl"), ct));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(temp.Combine("first/usr/local/bin/vexctl")));
            Assert.Equal((UnixFileMode)0x1A4, File.GetUnixFileMode(temp.Combine("first/root/vexfs/vexfs.ko")));
        }
        Assert.Equal(TransferDisk.Bytes, new FileInfo(disk).Length);

        await File.WriteAllTextAsync(module, "rebuilt", ct);
        await TransferDisk.WriteAsync(disk, [new(module, "/root/vexfs/vexfs.ko", (UnixFileMode)0x1A4)], ct);
        Assert.Equal(["root/vexfs/vexfs.ko"], await UnpackAsync(disk, temp.Combine("second"), ct));
        Assert.Equal("rebuilt", await File.ReadAllTextAsync(temp.Combine("second/root/vexfs/vexfs.ko"), ct));
        Assert.Equal(TransferDisk.Bytes, new FileInfo(disk).Length);
    }

    [Fact]
    public async Task Files_larger_than_the_disk_are_refused_before_anything_is_written()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var disk = temp.Combine("transfer.img");
        await File.WriteAllBytesAsync(disk, [], ct);
        var big = temp.Combine("big");
        await using (var file = File.Create(big))
        {
            file.SetLength(TransferDisk.Bytes);
        }

        var error = await Assert.ThrowsAsync<LabException>(() => TransferDisk.WriteAsync(disk, [new(big, "/big", (UnixFileMode)0x1A4)], ct));
        Assert.Contains("do not fit", error.Message, StringComparison.Ordinal);
        Assert.Contains("--source-delivery sftp", error.Hint, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(disk).Length);
    }

    private static async Task<string[]> UnpackAsync(string disk, string into, CancellationToken ct)
    {
        Directory.CreateDirectory(into);
        var tar = await Cli.Wrap("tar").WithArguments(["-x", "-v", "-f", disk, "-C", into]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
        Assert.True(tar.ExitCode == 0, tar.StandardError);
        Assert.Equal("", tar.StandardError);
        return [.. tar.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
    }
}
