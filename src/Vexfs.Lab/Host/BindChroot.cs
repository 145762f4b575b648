namespace Vexfs.Lab.Host;

/// <summary>A chroot command line with read-only bind mounts, shared by the kernel build and the host module build.</summary>
public static class BindChroot
{
    /// <summary>
    /// chroot <paramref name="root"/> <paramref name="command"/>, first bind-mounting each of <paramref name="binds"/>
    /// read-only; run it in a mount namespace of its own (unshare) so the mounts go with it.
    /// </summary>
    public static IReadOnlyList<string> Command(ToolLocator tools, string root, IReadOnlyList<(string Host, string Inside)> binds, IReadOnlyList<string> command) =>
        binds.Count == 0
            ? [tools.Require("chroot", "coreutils"), root, .. command]
            :
            [
                "/bin/sh", "-c", "r=$1 mount=$2 chroot=$3; shift 3; while [ \"$1\" != -- ]; do \"$mount\" -o bind,ro \"$1\" \"$r$2\" || exit 125; shift 2; done; shift; exec \"$chroot\" \"$r\" \"$@\"",
                "bind-chroot", root, tools.Require("mount", "mount"), tools.Require("chroot", "coreutils"),
                .. binds.SelectMany(b => new[] { b.Host, b.Inside }), "--", .. command,
            ];
}
