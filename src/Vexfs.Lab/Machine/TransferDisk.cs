using System.Formats.Tar;
using System.Globalization;

namespace Vexfs.Lab.Machine;

/// <summary>A file for <see cref="TransferDisk"/>: where it is on the host, where it goes in the guest, its mode.</summary>
public sealed record TransferFile(string HostPath, string GuestPath, UnixFileMode Mode);

/// <summary>
/// The guest's third disk, read-only, attached from the boot on so every saved state has it: the host writes a
/// tar onto it and the guest unpacks it from the device in one command. Measured against the alternatives it
/// replaces: the virtiofs share needs a virtiofsd, a hot-plug and a mount (about 1 s under TCG), and a copy
/// over SSH pushes every byte through the guest's sshd (vexctl and a KASAN .ko took 14-15 s).
/// </summary>
public static class TransferDisk
{
    /// <summary>The disk's fixed size: the guest learnt it at boot, so a restore must find the same.</summary>
    public const long Bytes = 128L << 20;

    /// <summary>The third virtio disk: QEMU creates the -drive if=virtio devices in command-line order.</summary>
    public const string GuestDevice = "/dev/vdc";

    private const int Block = 512;

    /// <summary>
    /// The guest's command that unpacks what <see cref="WriteAsync"/> wrote last, from /: first checks that
    /// /dev/vdc is this disk (its size), then drops the device's page cache, as the guest may have read an
    /// earlier tar (a rebuild) or the empty disk at boot.
    /// </summary>
    public static string GuestUnpackCommand { get; } =
        $"read -r vexfs_sectors </sys/block/{Path.GetFileName(GuestDevice)}/size 2>/dev/null && [ \"$vexfs_sectors\" = {(Bytes / Block).ToString(CultureInfo.InvariantCulture)} ] || " +
        $"{{ echo 'the guest has no transfer disk at {GuestDevice} (a machine started without it, or a state saved before it had one)' >&2; exit 3; }}; " +
        $"blockdev --flushbufs {GuestDevice} && tar -x -f {GuestDevice} -C /";

    /// <summary>Writes <paramref name="files"/> as one ustar archive at the start of the disk image, which keeps its size.</summary>
    public static async Task WriteAsync(string diskPath, IReadOnlyList<TransferFile> files, CancellationToken ct)
    {
        var needed = 2L * Block + files.Sum(f => Block + RoundUp(new FileInfo(f.HostPath).Length));
        if (needed > Bytes)
        {
            throw new LabException(
                $"{needed >> 20} MiB to deliver do not fit on the guest's {Bytes >> 20} MiB transfer disk",
                "use --source-delivery sftp, which copies over SSH");
        }

        await using var disk = new FileStream(diskPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        await using (var writer = new TarWriter(disk, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var file in files)
            {
                await using var data = File.OpenRead(file.HostPath);
                var entry = new UstarTarEntry(TarEntryType.RegularFile, file.GuestPath.TrimStart('/'))
                {
                    DataStream = data,
                    Mode = file.Mode,
                    ModificationTime = DateTimeOffset.UtcNow,
                };
                await writer.WriteEntryAsync(entry, ct);
            }
        }

        await disk.FlushAsync(ct);
    }

    private static long RoundUp(long length) => (length + Block - 1) / Block * Block;
}
