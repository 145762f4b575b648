using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;
using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.ModuleBuild;

namespace Vexfs.Lab.KernelBuild;

/// <summary>
/// Kernels the kit builds (--kernel 6.1-debug …), one cache entry each, keyed by the suite's linux-source
/// version, its gcc version and the repository's config (packer/kernel/). An entry is built under its own
/// lock in a temp directory (a build root made by mmdebstrap with the suite's toolchain and source, then
/// packer/kernel/build-kernel.sh in a chroot of it) and published by one rename; its manifest carries the
/// kernel's checksum. The build root stays in the entry: modules are built against its /build/out.
/// </summary>
public sealed class KernelBuildCache(LabOptions options, string mirror, ToolLocator tools, ILoggerFactory loggers)
{
    /// <summary>Room a build needs while it runs (build root, unpacked source, objects); see DESIGN-NOTES.</summary>
    public const long BuildBytes = 12L << 30;

    /// <summary>What the build root holds besides the source: the suite's gcc and what Kbuild, objtool and the config need.</summary>
    internal static readonly string[] BuildRootPackages =
        ["gcc", "make", "flex", "bison", "bc", "libelf-dev", "libssl-dev", "cpio", "xz-utils", "kmod", "perl", "libc6-dev"];

    private readonly ILogger<KernelBuildCache> _logger = loggers.CreateLogger<KernelBuildCache>();

    public string ConfigDirectory => Path.Combine(options.RepoRoot, "packer", "kernel");

    /// <summary>The built kernel for <paramref name="series"/> (building it when the cache has none) and the image that boots it.</summary>
    public async Task<BuiltKernel> EnsureAsync(KernelSeries series, GuestImage image, CancellationToken ct)
    {
        var spec = series.Build ?? throw new ArgumentException($"{series.Name} is a stock kernel", nameof(series));
        var index = await new DebianPackageIndexSource(options.CacheDir, mirror, _logger).LoadAsync(series.Suite, ct);
        var source = index.LatestKernelSource();
        var compiler = index.Compiler();
        var key = ComputeKey(series.Suite, spec, source, compiler, ReadInputs(spec));
        var entry = Path.Combine(options.CacheDir, key);
        var manifest = await LoadOrBuildAsync(series, spec, key, entry, source, compiler, ct);
        return new BuiltKernel(manifest, entry, await DeriveImageAsync(image, manifest, entry, ct), index.Offline);
    }

    /// <summary>The fragments and the build script, as (name, content): a change to any of them is another kernel.</summary>
    internal IReadOnlyList<(string Name, string Content)> ReadInputs(KernelBuildSpec spec)
    {
        var names = spec.Fragments.Append("build-kernel.sh");
        return [.. names.Select(n =>
        {
            var path = Path.Combine(ConfigDirectory, n);
            return File.Exists(path)
                ? (n, File.ReadAllText(path))
                : throw new LabException($"the kernel config {path} is missing", "restore packer/kernel/ from git");
        })];
    }

    internal static string ComputeKey(string suite, KernelBuildSpec spec, DebianPackage source, DebianPackage compiler, IReadOnlyList<(string Name, string Content)> inputs)
    {
        var text = new StringBuilder()
            .Append("format=").Append(KernelBuildManifest.CurrentFormat).Append('\n')
            .Append("source=").Append(source.Name).Append('=').Append(source.Version).Append('\n')
            .Append("compiler=").Append(compiler.Name).Append('=').Append(compiler.Version).Append('\n')
            .Append("packages=").Append(string.Join(',', BuildRootPackages)).Append('\n');
        foreach (var (name, content) in inputs)
        {
            text.Append(name).Append('\n').Append(content).Append('\n');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        return $"kernel-{suite}-{spec.Flavour}-{hash}";
    }

    private async Task<KernelBuildManifest> LoadOrBuildAsync(
        KernelSeries series, KernelBuildSpec spec, string key, string entry, DebianPackage source, DebianPackage compiler, CancellationToken ct)
    {
        if (Directory.Exists(entry) && (await KernelBuildManifest.ReadVerifiedAsync(entry, ct)).Manifest is { } cached)
        {
            return cached;
        }

        using var entryLock = await CacheEntryLock.AcquireAsync(Path.Combine(options.CacheDir, "locks", key + ".lock"), _logger, ct);
        if (Directory.Exists(entry))
        {
            var (manifest, problem) = await KernelBuildManifest.ReadVerifiedAsync(entry, ct);
            if (manifest is not null)
            {
                return manifest;
            }

            _logger.LogWarning("deleting the untrustworthy kernel cache entry {Entry} ({Problem}); it will be rebuilt", entry, problem);
            Directory.Delete(entry, recursive: true);
        }

        var cleaner = new StaleBuildCleaner(tools, _logger);
        foreach (var stale in Directory.EnumerateDirectories(options.CacheDir, $".tmp-{key}-*"))
        {
            await cleaner.RemoveAsync(stale, ct);
        }

        EnsureRoom();
        var temp = Path.Combine(options.CacheDir, $".tmp-{key}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            var built = await new KernelBuilder(tools, mirror, ConfigDirectory, _logger).BuildAsync(series, spec, source, compiler, temp, options.CacheDir, key, ct);
            await built.WriteAsync(temp, ct);
            Directory.Move(temp, entry);
            _logger.LogInformation("kernel {Key} ready: {Release}, built in {Minutes:F1} min", key, built.KernelRelease, built.BuildDuration.TotalMinutes);
            return built;
        }
        catch (Exception e)
        {
            await cleaner.RemoveAsync(temp, CancellationToken.None);
            if (CacheSpace.Explain(e, options.CacheDir) is { } full)
            {
                throw full;
            }

            throw;
        }
    }

    private void EnsureRoom()
    {
        var free = new DriveInfo(Path.GetFullPath(options.CacheDir)).AvailableFreeSpace;
        if (free < BuildBytes)
        {
            throw new LabException(
                $"the cache {options.CacheDir} has {free >> 20} MiB free; building a kernel needs about {BuildBytes >> 30} GiB there",
                "free space on that filesystem, or pass --cache-dir on one with room; nothing was started");
        }
    }

    /// <summary>
    /// The suite's image booting the built kernel: same root disk and keys, the built bzImage with no initramfs,
    /// and an entry directory of its own per (image, kernel) that holds the saved booted state and links the
    /// kernel's build root as its sysroot (so the host module build compiles against /build/out).
    /// </summary>
    private async Task<GuestImage> DeriveImageAsync(GuestImage image, KernelBuildManifest kernel, string entry, CancellationToken ct)
    {
        var key = $"{image.Key}+{kernel.Key}";
        var directory = Path.Combine(options.CacheDir, key);
        var sysroot = Path.Combine(directory, ImageSysroot.DirectoryName);
        // Saved states name their disk's backing file as ../../root.qcow2 from saved/<shape>/: the entry links the root disk.
        var rootDisk = Path.Combine(directory, ImageLayout.RootDisk);
        if (!Directory.Exists(sysroot) || !File.Exists(rootDisk))
        {
            using var derivedLock = await CacheEntryLock.AcquireAsync(Path.Combine(options.CacheDir, "locks", key + ".lock"), _logger, ct);
            Directory.CreateDirectory(directory);
            if (!Directory.Exists(sysroot))
            {
                // symlink(2) is atomic by itself (File.Move of a link to a directory follows it and fails); links
                // left by the kit before that fix go first.
                foreach (var stale in Directory.EnumerateFileSystemEntries(directory, $".{ImageSysroot.DirectoryName}-*"))
                {
                    File.Delete(stale);
                }

                File.CreateSymbolicLink(sysroot, Path.Combine(entry, KernelBuilder.RootDirectory));
            }

            if (!File.Exists(rootDisk))
            {
                File.Delete(rootDisk);
                File.CreateSymbolicLink(rootDisk, Path.GetFullPath(image.RootDisk));
            }
        }

        return image with
        {
            Key = key,
            Directory = directory,
            Kernel = Path.Combine(entry, KernelBuildManifest.KernelFile),
            Initrd = "",
            KernelRelease = kernel.KernelRelease,
        };
    }
}

/// <summary>A kernel from the cache and the image that boots it; <see cref="Offline"/>: the mirror was unreachable, the cached index served.</summary>
public sealed record BuiltKernel(KernelBuildManifest Manifest, string Entry, GuestImage Image, bool Offline);
