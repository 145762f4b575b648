using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;
using Vexfs.Lab.Images;

namespace Vexfs.Lab.ModuleBuild;

/// <summary>
/// A build root taken out of a cached guest image: its /usr (gcc, make, the kernel headers under
/// /usr/src and /usr/lib/modules/&lt;release&gt;/build) and /etc, so a host build uses exactly the guest's
/// toolchain and headers. It lives in the image's cache entry (<see cref="DirectoryName"/>), is made once
/// under the entry's lock through a temp directory and a rename, and goes when the entry goes. The entry's
/// own files (those the manifest hashes) are only read.
/// </summary>
public sealed class ImageSysroot
{
    public const string DirectoryName = "sysroot";

    /// <summary>Top-level paths a module build needs; on merged-/usr images the first four are symlinks.</summary>
    private static readonly string[] Wanted = ["bin", "lib", "lib64", "sbin", "usr", "etc"];

    private readonly ToolLocator _tools;
    private readonly ILogger<ImageSysroot> _logger;

    public ImageSysroot(ToolLocator tools, ILogger<ImageSysroot> logger)
    {
        _tools = tools;
        _logger = logger;
    }

    /// <summary>The sysroot of <paramref name="image"/> inside its cache entry (it may not exist yet).</summary>
    public static string PathOf(GuestImage image) => Path.Combine(image.Directory, DirectoryName);

    /// <summary>The kernel build directory (the headers) of the image's release, as a path inside the sysroot.</summary>
    public static string KernelBuildDirectory(GuestImage image) => image.Series.Kernel.BuildDirectory(image.KernelRelease);

    /// <summary>The lock every change of <paramref name="image"/>'s cache entry is made under.</summary>
    internal static string EntryLockPath(GuestImage image) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(image.Directory).TrimEnd('/'))!, "locks", image.Key + ".lock");

    /// <summary>Returns the sysroot of <paramref name="image"/>, extracting it from root.qcow2 first when it does not exist.</summary>
    public async Task<string> EnsureAsync(GuestImage image, CancellationToken ct)
    {
        var sysroot = PathOf(image);
        if (Directory.Exists(sysroot))
        {
            return sysroot;
        }

        using var entryLock = await CacheEntryLock.AcquireAsync(EntryLockPath(image), _logger, ct);
        if (Directory.Exists(sysroot))
        {
            return sysroot;
        }

        foreach (var stale in Directory.EnumerateDirectories(image.Directory, $".{DirectoryName}-*"))
        {
            _logger.LogInformation("removing {Directory} (left by an interrupted sysroot extraction)", stale);
            Directory.Delete(stale, recursive: true);
        }

        var temp = Path.Combine(image.Directory, $".{DirectoryName}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            var root = Path.Combine(temp, "root");
            await ExtractAsync(image, Path.Combine(temp, "root.raw"), root, ct);
            Directory.Move(root, sysroot);
            _logger.LogInformation("host build root for {Key} ready in {Sysroot}", image.Key, sysroot);
            return sysroot;
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private async Task ExtractAsync(GuestImage image, string raw, string root, CancellationToken ct)
    {
        var tool = new ExternalTool(_logger);
        _logger.LogInformation("extracting the host build root (toolchain and kernel headers) of {Key} from its image", image.Key);
        await tool.RunAsync(_tools.Require("qemu-img", "qemu-utils"), ["convert", "-f", "qcow2", "-O", "raw", image.RootDisk, raw], ct);
        var debugfs = _tools.Require("debugfs", "e2fsprogs");
        var listing = await tool.RunAsync(debugfs, ["-R", "ls -p /", raw], ct);
        var present = TopLevelNames(listing);
        var dump = Wanted.Where(present.Contains).Select(n => "/" + n).ToList();
        if (!dump.Contains("/usr"))
        {
            throw new LabException($"the root filesystem of image {image.Key} has no /usr", "delete the image's cache entry and rebuild it (./build.sh GuestImage)");
        }

        Directory.CreateDirectory(root);
        // A normal user dumps as root of a user namespace: root's files become the user's, the few others
        // (fchown fails, reported and ignored by debugfs) too, so the whole tree is the user's to remove.
        string[] rdump = [debugfs, "-R", $"rdump {string.Join(' ', dump)} {root}", raw];
        var argv = UserNamespace.IsRoot ? rdump : UserNamespace.Wrap(_tools, subordinateIds: false, [], rdump);
        await tool.RunAsync(argv[0], argv.Skip(1).ToList(), ct);
        File.Delete(raw);
        await PrepareForChrootAsync(tool, root, ct);
        var headers = ResolveInside(root, KernelBuildDirectory(image));
        if (!File.Exists(Path.Combine(headers, "Makefile")) || _tools.Find(Path.Combine(root, "usr", "bin", "make")) is null)
        {
            throw new LabException(
                $"image {image.Key} lacks what a module build needs (make, or the headers of {image.KernelRelease} in {KernelBuildDirectory(image)})",
                "the image's package list (packer/scripts/packages.txt) must include make, gcc and the kernel headers; or use --module-build guest");
        }
    }

    /// <summary>Names in the root directory from `debugfs -R 'ls -p /'` lines like "/2/040755/0/0/usr//".</summary>
    internal static HashSet<string> TopLevelNames(string listing) =>
        [.. listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('/'))
            .Where(fields => fields.Length > 5)
            .Select(fields => fields[5])];

    /// <summary>The few things a chroot build touches outside /usr and /etc: /dev/null, /tmp, the build tree.</summary>
    private async Task PrepareForChrootAsync(ExternalTool tool, string root, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.Combine(root, "dev"));
        Directory.CreateDirectory(Path.Combine(root, "proc"));
        Directory.CreateDirectory(Path.Combine(root, "root"));
        var tmp = Directory.CreateDirectory(Path.Combine(root, "tmp"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tmp.FullName, (UnixFileMode)0x3FF | UnixFileMode.StickyBit);
        }

        var devNull = Path.Combine(root, "dev", "null");
        if (!UserNamespace.IsRoot)
        {
            // No device nodes in a user namespace: the build binds the host's /dev/null onto this file.
            await File.WriteAllBytesAsync(devNull, [], ct);
            return;
        }

        await tool.RunAsync(_tools.Require("mknod", "coreutils"), ["-m", "666", devNull, "c", "1", "3"], ct);
    }

    /// <summary>A path inside the sysroot with its symlinks followed inside the sysroot (they are absolute in the guest).</summary>
    internal static string ResolveInside(string root, string guestPath)
    {
        var current = root;
        var parts = new Queue<string>(guestPath.Split('/', StringSplitOptions.RemoveEmptyEntries));
        for (var hops = 0; parts.Count > 0 && hops < 64;)
        {
            var next = Path.Combine(current, parts.Dequeue());
            var link = new FileInfo(next).LinkTarget;
            if (link is null)
            {
                current = next;
                continue;
            }

            hops++;
            var rest = parts.ToList();
            parts = new Queue<string>(link.Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(rest));
            if (link.StartsWith('/'))
            {
                current = root;
            }
        }

        return current;
    }
}
