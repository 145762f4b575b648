using Vexfs.Lab.Images;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests;

public sealed class ImageManifestTests
{
    private static async Task<TempDirectory> WriteEntryAsync(CancellationToken ct)
    {
        var entry = new TempDirectory();
        foreach (var name in new[] { "root.qcow2", "vmlinuz", "initrd.img", "id_ed25519", "id_ed25519.pub", "ssh_host_ed25519_key.pub" })
        {
            await File.WriteAllTextAsync(entry.Combine(name), $"content of {name}\n", ct);
        }

        var manifest = new ImageManifest(
            1, "bookworm-0000000000000000", "6.1", "bookworm", "http://deb.debian.org/debian", "6.1.0-50-cloud-amd64",
            new Dictionary<string, string> { ["linux-image-6.1.0-50-cloud-amd64"] = "6.1.164-1" },
            "mmdebstrap", "mmdebstrap 1.3.5", "ssh-ed25519 AAAA", DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(3),
            await ImageManifest.HashFilesAsync(entry.Path, ["root.qcow2", "vmlinuz", "initrd.img", "id_ed25519", "id_ed25519.pub", "ssh_host_ed25519_key.pub"], ct));
        await manifest.WriteAsync(entry.Path, ct);
        return entry;
    }

    [Fact]
    public async Task An_intact_entry_verifies_and_round_trips()
    {
        var ct = TestContext.Current.CancellationToken;
        using var entry = await WriteEntryAsync(ct);

        var (manifest, problem) = await ImageManifest.ReadVerifiedAsync(entry.Path, ct);

        Assert.Null(problem);
        Assert.Equal("6.1.0-50-cloud-amd64", manifest!.KernelRelease);
        Assert.Equal("6.1.164-1", manifest.KernelPackages["linux-image-6.1.0-50-cloud-amd64"]);
    }

    [Fact]
    public async Task A_changed_byte_is_detected()
    {
        var ct = TestContext.Current.CancellationToken;
        using var entry = await WriteEntryAsync(ct);
        var bytes = await File.ReadAllBytesAsync(entry.Combine("vmlinuz"), ct);
        bytes[3] ^= 0x20;
        await File.WriteAllBytesAsync(entry.Combine("vmlinuz"), bytes, ct);

        var (manifest, problem) = await ImageManifest.ReadVerifiedAsync(entry.Path, ct);

        Assert.Null(manifest);
        Assert.Contains("vmlinuz", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_disk_or_missing_file_or_manifest_is_detected()
    {
        var ct = TestContext.Current.CancellationToken;
        using var entry = await WriteEntryAsync(ct);
        await using (var disk = new FileStream(entry.Combine("root.qcow2"), FileMode.Open))
        {
            disk.SetLength(4);
        }

        Assert.Contains("root.qcow2", (await ImageManifest.ReadVerifiedAsync(entry.Path, ct)).Problem, StringComparison.Ordinal);
        File.Delete(entry.Combine("initrd.img"));
        Assert.NotNull((await ImageManifest.ReadVerifiedAsync(entry.Path, ct)).Problem);
        File.Delete(entry.Combine("manifest.json"));
        Assert.Equal("manifest.json is missing", (await ImageManifest.ReadVerifiedAsync(entry.Path, ct)).Problem);
    }

    [Fact]
    public async Task A_change_after_a_verified_load_is_still_detected()
    {
        var ct = TestContext.Current.CancellationToken;
        using var entry = await WriteEntryAsync(ct);
        Assert.Null((await ImageManifest.ReadVerifiedAsync(entry.Path, ct)).Problem);
        Assert.True(File.Exists(entry.Combine(ImageVerificationStamp.FileName)));

        // Same size, new content: the modification time gives it away and the full hash runs again.
        var bytes = await File.ReadAllBytesAsync(entry.Combine("vmlinuz"), ct);
        bytes[0] ^= 0x01;
        await File.WriteAllBytesAsync(entry.Combine("vmlinuz"), bytes, ct);
        File.SetLastWriteTimeUtc(entry.Combine("vmlinuz"), File.GetLastWriteTimeUtc(entry.Combine("vmlinuz")).AddSeconds(1));

        Assert.Contains("vmlinuz", (await ImageManifest.ReadVerifiedAsync(entry.Path, ct)).Problem, StringComparison.Ordinal);
    }
}
