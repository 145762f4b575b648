using Vexfs.Lab.Kernel;

namespace Vexfs.Lab.KernelBuild;

/// <summary>
/// The kernels a tree's output directory has yielded, each published under kernels/&lt;sha-12&gt;/ of the entry
/// (bzImage, config, manifest.json naming the tree's commit): the guest boots that copy, so the next build
/// of the tree (which rewrites out/arch/x86/boot/bzImage) never changes a kernel a run is booting. Published
/// by one rename from a temp directory under the entry's lock; the newest <see cref="Kept"/> stay.
/// </summary>
internal static class KernelTreePublish
{
    public const string DirectoryName = "kernels";

    /// <summary>Published kernels kept per tree entry (a few edits back; each is ~12 MiB).</summary>
    public const int Kept = 3;

    /// <summary>The published directory of the kernel <paramref name="output"/> holds, described by <paramref name="manifest"/>.</summary>
    public static async Task<string> PublishAsync(string entry, string output, KernelBuildManifest manifest, CancellationToken ct)
    {
        var kernels = Directory.CreateDirectory(Path.Combine(entry, DirectoryName)).FullName;
        foreach (var stale in Directory.EnumerateDirectories(kernels, ".tmp-*"))
        {
            Directory.Delete(stale, recursive: true);
        }

        var published = Path.Combine(kernels, manifest.KernelSha256[..12]);
        if ((await KernelBuildManifest.ReadVerifiedAsync(published, ct)).Manifest is null)
        {
            if (Directory.Exists(published))
            {
                Directory.Delete(published, recursive: true);
            }

            var temp = Path.Combine(kernels, $".tmp-{Guid.NewGuid():N}");
            Directory.CreateDirectory(temp);
            try
            {
                File.Copy(Path.Combine(output, "arch", "x86", "boot", "bzImage"), Path.Combine(temp, KernelBuildManifest.KernelFile));
                File.Copy(Path.Combine(output, ".config"), Path.Combine(temp, KernelBuildManifest.ConfigFile));
                if (await KernelBuildManifest.Sha256Async(Path.Combine(temp, KernelBuildManifest.KernelFile), ct) != manifest.KernelSha256)
                {
                    throw new LabException($"the kernel in {output} changed while it was published", "another build of the same tree ran without the entry's lock; run again");
                }

                await manifest.WriteAsync(temp, ct);
                Directory.Move(temp, published);
            }
            catch
            {
                Directory.Delete(temp, recursive: true);
                throw;
            }
        }

        // Newest first by use: this one is in use now.
        Directory.SetLastWriteTimeUtc(published, DateTime.UtcNow);
        foreach (var old in new DirectoryInfo(kernels).EnumerateDirectories().OrderByDescending(d => d.LastWriteTimeUtc).Skip(Kept))
        {
            old.Delete(recursive: true);
        }

        return published;
    }
}
