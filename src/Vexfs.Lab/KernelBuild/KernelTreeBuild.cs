using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;
using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.ModuleBuild;

namespace Vexfs.Lab.KernelBuild;

/// <summary>
/// Builds a developer's tree (--kernel-tree) out of tree and incrementally: a build root of the suite's own
/// toolchain (made once by mmdebstrap, published by a rename) holds the output directory /build/out, which
/// stays between runs, so make rebuilds only what changed. The tree is bind-mounted read-only at /build/src
/// for the kernel build and the module build alike; nothing is ever written into it. One build at a time
/// per (tree, suite, config), under the entry's lock.
/// </summary>
public sealed class KernelTreeBuild(LabOptions options, string mirror, ToolLocator tools, ILoggerFactory loggers)
{
    /// <summary>Room a first build needs (build root, objects of a defconfig-sized kernel without debug info).</summary>
    public const long FirstBuildBytes = 6L << 30;

    /// <summary>Room an incremental build keeps in reserve.</summary>
    public const long IncrementalBytes = 1L << 30;

    /// <summary>
    /// Objects the plain config (defconfig + kvm_guest.config + guest.config) compiles on 6.1, for the first build's
    /// progress: about the debug build's (with session 7's guest.config, 1,983 object files against 2,006).
    /// </summary>
    internal const int PlainObjects = 1620;

    private const string OutputInside = "/build/out";

    private readonly ILogger<KernelTreeBuild> _logger = loggers.CreateLogger<KernelTreeBuild>();

    private string ConfigDirectory => Path.Combine(options.RepoRoot, "packer", "kernel");

    /// <summary>The cache directory of one (tree, suite, config) build: the tree's path and the config inputs name it.</summary>
    internal static string EntryKey(string suite, KernelBuildSpec spec, KernelTreeSource tree) =>
        $"kernel-tree-{suite}-{spec.Flavour}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{tree.Path}\n{tree.Fragment}")))[..12]}";

    /// <summary>Builds the tree (as far as make finds anything changed) and returns the suite's image booting it.</summary>
    public async Task<BuiltKernel> EnsureAsync(KernelSeries series, KernelTreeSource tree, GuestImage image, CancellationToken ct)
    {
        if (!Host.UserNamespace.IsRoot)
        {
            throw new LabException("--kernel-tree needs root: the tree is built and used through a read-only bind mount in a chroot", "run ./build.sh as root");
        }

        var spec = series.Build ?? KernelBuildSpec.Plain;
        var index = await new DebianPackageIndexSource(options.CacheDir, mirror, _logger).LoadAsync(series.Suite, ct);
        var compiler = index.Compiler();
        var key = EntryKey(series.Suite, spec, tree);
        var entry = Path.Combine(options.CacheDir, key);
        using var entryLock = await CacheEntryLock.AcquireAsync(Path.Combine(options.CacheDir, "locks", key + ".lock"), _logger, ct);
        var root = Path.Combine(entry, KernelBuilder.RootDirectory);
        var output = Path.Combine(root, "build", "out");
        var incremental = File.Exists(Path.Combine(output, "vmlinux"));
        EnsureRoom(incremental ? IncrementalBytes : FirstBuildBytes, tree);
        if (!Directory.Exists(root))
        {
            await MakeBuildRootAsync(series, compiler, entry, root, ct);
        }

        var describe = await tree.DescribeAsync(tools, ct);
        var watch = Stopwatch.StartNew();
        var fragments = CopyConfig(spec, tree, root);
        _logger.LogInformation("kernel tree {Tree} ({Describe}, Linux {Version}): building into {Output} with {Compiler} {CompilerVersion}, config {Fragments}",
            tree.Path, describe, tree.Version, output, compiler.Name, compiler.Version, string.Join(" + ", fragments));
        IReadOnlyList<string> script =
        [
            "sh", "/build/cfg/build-kernel.sh", "-", OutputInside, Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. fragments.Select(f => $"/build/cfg/{f}"),
        ];
        var log = Path.Combine(entry, "build.log");
        var builder = new KernelBuilder(tools, mirror, ConfigDirectory, _logger);
        var exitCode = await builder.RunInChrootAsync(root, script, Binds(tree), log, watch, ct,
            incremental ? "incremental: only what changed" : $"first build, of about {PlainObjects}");
        if (exitCode != 0)
        {
            throw KernelBuilder.Explain(exitCode, log, Path.Combine(entry, "failed.log"), $"the tree was not written; the output in {output} stays for the next (incremental) build", tree.Path);
        }

        var release = (await File.ReadAllTextAsync(Path.Combine(output, "kernel.release"), ct)).Trim();
        var modules = ImageSysroot.ResolveInside(root, $"/lib/modules/{release}");
        Directory.CreateDirectory(modules);
        if (!File.Exists(Path.Combine(modules, "build")) && !Directory.Exists(Path.Combine(modules, "build")))
        {
            File.CreateSymbolicLink(Path.Combine(modules, "build"), OutputInside);
        }

        // The host module build finds the build root as the image's sysroot.
        var sysroot = Path.Combine(entry, ImageSysroot.DirectoryName);
        if (!Directory.Exists(sysroot))
        {
            File.CreateSymbolicLink(sysroot, root);
        }

        var kernelSha = await KernelBuildManifest.Sha256Async(Path.Combine(output, "arch", "x86", "boot", "bzImage"), ct);
        var manifest = new KernelBuildManifest(
            KernelBuildManifest.CurrentFormat, key, series.Suite, spec.Flavour, $"{KernelBuildManifest.TreeSourcePrefix}{tree.Path}", describe, compiler.Name, compiler.Version,
            await KernelBuildManifest.Sha256Async(Path.Combine(output, ".config"), ct), release, DateTimeOffset.UtcNow, watch.Elapsed, kernelSha);
        var published = await KernelTreePublish.PublishAsync(entry, output, manifest, ct);
        _logger.LogInformation("kernel tree built in {Seconds:F0} s: {Release} ({Describe}), published in {Published}", watch.Elapsed.TotalSeconds, release, describe, published);
        return new BuiltKernel(manifest, entry, image with
        {
            // The saved booted state is keyed by the image key: each kernel the tree yields is another key.
            Key = $"{image.Key}+{key}-{kernelSha[..12]}",
            Directory = entry,
            Kernel = Path.Combine(published, KernelBuildManifest.KernelFile),
            Initrd = "",
            KernelRelease = release,
            Series = image.Series with { Kernel = new KernelTreeProvider(tree.Path, OutputInside) },
        }, index.Offline);
    }

    private static IReadOnlyList<(string Host, string Inside)> Binds(KernelTreeSource tree) => [(tree.Path, KernelTreeProvider.SourceInside)];

    /// <summary>The kit's fragments, then the developer's own (as user.config), into the build root's /build/cfg.</summary>
    private IReadOnlyList<string> CopyConfig(KernelBuildSpec spec, KernelTreeSource tree, string root)
    {
        var cfg = Directory.CreateDirectory(Path.Combine(root, "build", "cfg")).FullName;
        foreach (var name in spec.Fragments.Append("build-kernel.sh"))
        {
            File.Copy(Path.Combine(ConfigDirectory, name), Path.Combine(cfg, name), overwrite: true);
        }

        if (tree.Fragment is null)
        {
            return spec.Fragments;
        }

        var own = $"user-{Path.GetFileName(tree.Fragment)}";
        File.Copy(tree.Fragment, Path.Combine(cfg, own), overwrite: true);
        return [.. spec.Fragments, own];
    }

    private async Task MakeBuildRootAsync(KernelSeries series, DebianPackage compiler, string entry, string root, CancellationToken ct)
    {
        Directory.CreateDirectory(entry);
        foreach (var stale in Directory.EnumerateDirectories(entry, ".root-*"))
        {
            await new StaleBuildCleaner(tools, _logger).RemoveAsync(stale, ct);
        }

        var temp = Path.Combine(entry, $".root-{Guid.NewGuid():N}");
        _logger.LogInformation("kernel tree: making a build root of {Suite} with {Compiler} {Version} (about a minute, once)", series.Suite, compiler.Name, compiler.Version);
        try
        {
            await new ExternalTool(_logger).RunAsync(tools.Require("mmdebstrap", "mmdebstrap"),
            [
                "--variant=minbase", "--aptopt=Apt::Install-Recommends \"false\"", "--aptopt=Acquire::Check-Valid-Until \"false\"",
                "--include=" + string.Join(',', KernelBuildCache.BuildRootPackages), series.Suite, temp, mirror,
            ], ct);
            Directory.CreateDirectory(Path.Combine(temp, KernelTreeProvider.SourceInside.TrimStart('/')));
            Directory.CreateDirectory(Path.Combine(temp, OutputInside.TrimStart('/')));
            Directory.Move(temp, root);
        }
        catch
        {
            await new StaleBuildCleaner(tools, _logger).RemoveAsync(temp, CancellationToken.None);
            throw;
        }
    }

    private void EnsureRoom(long needed, KernelTreeSource tree)
    {
        var free = new DriveInfo(Path.GetFullPath(options.CacheDir)).AvailableFreeSpace;
        if (free < needed)
        {
            throw new LabException(
                $"the cache {options.CacheDir} has {free >> 20} MiB free; building the kernel tree {tree.Path} needs about {needed >> 30} GiB there",
                "free space on that filesystem, or pass --cache-dir on one with room; nothing was started");
        }
    }
}
