using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;
using Vexfs.Lab.Kernel;

namespace Vexfs.Lab.Images;

/// <summary>
/// Guest images cached under a key of everything that shapes them. Builds go to a temp directory that is
/// renamed into place when complete, under a per-key lock, so a half image is never found and concurrent
/// runs build once. Entries are verified against their manifest checksums on every load.
/// </summary>
public sealed class GuestImageCache
{
    private readonly LabOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<GuestImageCache> _logger;
    private readonly IImageBuilder _builder;
    private readonly ToolLocator _tools;
    private readonly ProvisioningScripts _scripts;
    private readonly Lazy<string> _mirror;
    private readonly bool _trackKernelVersion;

    public GuestImageCache(LabOptions options, ILoggerFactory loggers)
        : this(options, loggers, new ToolLocator(), builder: null, trackKernelVersion: true)
    {
    }

    /// <param name="trackKernelVersion">Key images by the kernel package version the mirror serves (see <see cref="EnsureAsync"/>).</param>
    internal GuestImageCache(LabOptions options, ILoggerFactory loggers, ToolLocator tools, IImageBuilder? builder, bool trackKernelVersion = false)
    {
        _trackKernelVersion = trackKernelVersion;
        _options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger<GuestImageCache>();
        _tools = tools;
        _scripts = new ProvisioningScripts(options.RepoRoot);
        _builder = builder ?? CreateBuilder(options.Builder, _scripts, tools, new ToolVersions(options.CacheDir), loggers);
        _mirror = new Lazy<string>(() => DebianMirror.Resolve(options.Mirror));
    }

    /// <summary>The host tools this cache builds with (the saved booted states in its entries use the same).</summary>
    internal ToolLocator Tools => _tools;

    /// <summary>The Debian mirror images are built from (--mirror, else the host's apt sources).</summary>
    public string Mirror => _mirror.Value;

    public string ComputeKey(KernelSeries series, string? kernelVersion = null) => new ImageCacheKey(
        ImageLayout.FormatVersion,
        series.Suite,
        Mirror,
        _scripts.Packages,
        _scripts.ContentHash(),
        _builder.Name,
        _builder.Identity,
        kernelVersion).Compute();

    /// <summary>
    /// Returns the verified cached image for <paramref name="series"/>, building it first if needed. The key
    /// holds the version of the suite's kernel package in the mirror's index, so `latest` moves when sid's
    /// kernel does; with the mirror unreachable the cached index decides, and with no index at all the newest
    /// cached image of the suite serves; either way <see cref="GuestImage.Note"/> says so for the report.
    /// </summary>
    public async Task<GuestImage> EnsureAsync(KernelSeries series, CancellationToken ct)
    {
        if (!_trackKernelVersion)
        {
            return await EnsureKeyAsync(series, ComputeKey(series), ct);
        }

        var (version, note) = await new Kernel.SuiteKernelVersion(_options.CacheDir, Mirror, _logger).ResolveAsync(series, ct);
        if (version is null && await NewestCachedAsync(series, ct) is { } fallback)
        {
            return fallback with { Note = $"{note}; using the newest cached image {fallback.Key}" };
        }

        return await EnsureKeyAsync(series, ComputeKey(series, version), ct) with { Note = note };
    }

    private async Task<GuestImage?> NewestCachedAsync(KernelSeries series, CancellationToken ct)
    {
        var entries = Directory.Exists(_options.CacheDir)
            ? Directory.EnumerateDirectories(_options.CacheDir, $"{series.Suite}-*").Where(d => !Path.GetFileName(d).Contains('+', StringComparison.Ordinal))
                .OrderByDescending(Directory.GetLastWriteTimeUtc).ToList()
            : [];
        foreach (var entry in entries)
        {
            if (await TryLoadAsync(series, entry, ct) is { } image)
            {
                return image;
            }
        }

        return null;
    }

    private async Task<GuestImage> EnsureKeyAsync(KernelSeries series, string key, CancellationToken ct)
    {
        var entry = Path.Combine(_options.CacheDir, key);
        if (Directory.Exists(entry) && await TryLoadAsync(series, entry, ct) is { } cached)
        {
            return cached;
        }

        using var entryLock = await CacheEntryLock.AcquireAsync(Path.Combine(_options.CacheDir, "locks", key + ".lock"), _logger, ct);
        if (Directory.Exists(entry))
        {
            // Another run may have finished it while we waited, or it is corrupt and must go.
            if (await TryLoadAsync(series, entry, ct) is { } built)
            {
                return built;
            }

            _logger.LogWarning("deleting the untrustworthy image cache entry {Entry}; it will be rebuilt", entry);
            Directory.Delete(entry, recursive: true);
        }

        var cleaner = new StaleBuildCleaner(_tools, _logger);
        foreach (var stale in Directory.EnumerateDirectories(_options.CacheDir, $".tmp-{key}-*"))
        {
            await cleaner.RemoveAsync(stale, ct);
        }

        await BuildAsync(series, key, entry, cleaner, ct);
        return await TryLoadAsync(series, entry, ct)
            ?? throw new LabException($"the image just built in {entry} does not verify", "look at the log above; delete the entry and retry");
    }

    private async Task BuildAsync(KernelSeries series, string key, string entry, StaleBuildCleaner cleaner, CancellationToken ct)
    {
        CacheSpace.EnsureRoomForBuild(_options.CacheDir);
        var temp = Path.Combine(_options.CacheDir, $".tmp-{key}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        _logger.LogInformation("building guest image {Key} for kernel {Series} ({Suite}) with {Builder}", key, series.Name, series.Suite, _builder.Name);
        var watch = Stopwatch.StartNew();
        try
        {
            var keys = new SshKeyGenerator(_tools, _logger);
            await keys.GenerateAsync(Path.Combine(temp, ImageLayout.PrivateKey), $"vexfs-lab@{key}", ct);
            var hostKey = Path.Combine(temp, ImageLayout.HostKeyDirectory, "ssh_host_ed25519_key");
            await keys.GenerateAsync(hostKey, "root@vexfs-guest", ct);
            File.Copy(hostKey + ".pub", Path.Combine(temp, ImageLayout.HostPublicKey));

            var built = await _builder.BuildAsync(new ImageBuildRequest(series, Mirror, temp, _scripts), ct);
            Directory.Delete(Path.Combine(temp, ImageLayout.HostKeyDirectory), recursive: true);

            var manifest = new ImageManifest(
                ImageLayout.FormatVersion, key, series.Name, series.Suite, Mirror, built.KernelRelease, built.KernelPackages,
                _builder.Name, _builder.Identity, SshKeyGenerator.ReadPublicKey(Path.Combine(temp, ImageLayout.HostPublicKey)),
                DateTimeOffset.UtcNow, watch.Elapsed, await ImageManifest.HashFilesAsync(temp, ImageLayout.EntryFiles, ct));
            await manifest.WriteAsync(temp, ct);
            Directory.Move(temp, entry);
            _logger.LogInformation("guest image {Key} ready in {Seconds:F0} s: kernel {Release}", key, watch.Elapsed.TotalSeconds, built.KernelRelease);
        }
        catch (Exception e)
        {
            await cleaner.RemoveAsync(temp, CancellationToken.None);
            if (CacheSpace.Explain(e, _options.CacheDir) is { } full)
            {
                throw full;
            }

            throw;
        }
    }

    private async Task<GuestImage?> TryLoadAsync(KernelSeries series, string entry, CancellationToken ct)
    {
        var (manifest, problem) = await ImageManifest.ReadVerifiedAsync(entry, ct);
        if (manifest is null)
        {
            _logger.LogWarning("image cache entry {Entry} is not usable: {Problem}", entry, problem);
            return null;
        }

        _logger.LogDebug("image cache entry {Entry} verified (kernel {Release}, built {Created:u})", entry, manifest.KernelRelease, manifest.Created);
        return new GuestImage(
            series,
            manifest.Key,
            entry,
            Path.Combine(entry, ImageLayout.RootDisk),
            Path.Combine(entry, ImageLayout.Kernel),
            Path.Combine(entry, ImageLayout.Initrd),
            Path.Combine(entry, ImageLayout.PrivateKey),
            manifest.HostPublicKey,
            manifest.KernelRelease,
            manifest.Builder);
    }

    private static IImageBuilder CreateBuilder(ImageBuilderKind kind, ProvisioningScripts scripts, ToolLocator tools, ToolVersions versions, ILoggerFactory loggers)
    {
        var mmdebstrap = new MmdebstrapImageBuilder(tools, versions, loggers.CreateLogger<MmdebstrapImageBuilder>());
        return kind switch
        {
            ImageBuilderKind.Mmdebstrap => mmdebstrap,
            ImageBuilderKind.Packer => new PackerImageBuilder(mmdebstrap, scripts.PackerTemplate, tools, versions, loggers.CreateLogger<PackerImageBuilder>()),
            _ => throw new LabException($"unknown image builder '{kind}'", "use --image-builder mmdebstrap or packer"),
        };
    }
}
