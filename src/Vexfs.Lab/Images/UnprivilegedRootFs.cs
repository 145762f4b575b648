using Vexfs.Lab.Host;

namespace Vexfs.Lab.Images;

/// <summary>
/// The guest root filesystem for a normal user: mmdebstrap's unshare mode writes a tarball (ownership
/// recorded inside it), which is unpacked and made into ext4 in a user namespace mapping root to the
/// user and 1..65535 to the user's subordinate ids, so mkfs.ext4 -d reads every file's real owner.
/// /dev is left empty: a user namespace cannot make device nodes, and the guest's initramfs mounts
/// devtmpfs there before anything opens it.
/// </summary>
internal sealed class UnprivilegedRootFs(ToolLocator tools, ExternalTool tool, string workDirectory)
{
    /// <summary>Added to the builder's identity (so to the cache key): the image differs from root's by its empty /dev.</summary>
    public const string IdentitySuffix = "unshare-mode";

    public string Tarball => Path.Combine(workDirectory, "rootfs.tar");

    /// <summary>
    /// mmdebstrap's TMPDIR: its root tree there belongs to subordinate ids, so after Ctrl-C (it is killed)
    /// only this namespace can remove it. In /tmp, not the cache: the unshared root must reach it, and a
    /// home may be 0700.
    /// </summary>
    public string MmdebstrapTemp { get; } = Path.Combine(Path.GetTempPath(), "vexfs-mmdebstrap-" + Path.GetFileName(workDirectory.TrimEnd('/')));

    /// <summary>The environment mmdebstrap runs with (its private TMPDIR, made here).</summary>
    public IReadOnlyDictionary<string, string?> MmdebstrapEnvironment()
    {
        Directory.CreateDirectory(MmdebstrapTemp);
        return new Dictionary<string, string?> { ["TMPDIR"] = MmdebstrapTemp };
    }

    /// <summary>The mmdebstrap options of this user: none for root (its default root mode), unshare mode otherwise.</summary>
    public static IReadOnlyList<string> ModeArguments() => UserNamespace.IsRoot ? [] : ["--mode=unshare"];

    /// <summary>Unpacks the tarball into <paramref name="root"/> with every owner kept.</summary>
    public async Task ExtractAsync(string root, CancellationToken ct)
    {
        string[] script = ["sh", "-c", "set -e; mkdir \"$1\"; tar -C \"$1\" --exclude='./dev/*' --numeric-owner -xpf \"$2\"", "extract", root, Tarball];
        var argv = InNamespace(script);
        await tool.RunAsync(argv[0], argv.Skip(1).ToList(), ct,
            failureHint: "the user namespace needs subordinate ids for this user (/etc/subuid, /etc/subgid); ./build.sh Setup names the fix");
        File.Delete(Tarball);
    }

    /// <summary><paramref name="command"/> as root of the namespace that sees the tree's owners.</summary>
    public IReadOnlyList<string> InNamespace(IEnumerable<string> command) => UserNamespace.Wrap(tools, subordinateIds: true, [], command);

    public Task DeleteTreeAsync(string path, CancellationToken ct) => UserNamespace.DeleteTreeAsync(tools, tool, path, ct);

    /// <summary>Removes what this build made outside the tree: the tarball and mmdebstrap's TMPDIR.</summary>
    public async Task DeleteLeftoversAsync()
    {
        File.Delete(Tarball);
        await DeleteTreeAsync(MmdebstrapTemp, CancellationToken.None);
    }
}
