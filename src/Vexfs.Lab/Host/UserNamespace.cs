namespace Vexfs.Lab.Host;

/// <summary>
/// How a normal user does what root does directly: inside a new user namespace whose root is the user
/// (unshare --map-root-user), and, where a tree keeps other owners (a Debian root filesystem), with the
/// user's subordinate ids from /etc/subuid and /etc/subgid mapped to 1..65535 (--map-auto). Root itself
/// never goes through here, so a root run stays as it always was.
/// </summary>
public static class UserNamespace
{
    /// <summary>True for root; every privileged step checks this one way.</summary>
    public static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    /// <summary>
    /// The argv that runs <paramref name="command"/> as root of a new user namespace. With
    /// <paramref name="subordinateIds"/>, ids 1..65535 are the user's subordinate ids, so a tar or ext4
    /// image keeps the ownership of every file; <paramref name="extra"/> are further unshare options
    /// (--mount, --pid --fork, --mount-proc=...).
    /// </summary>
    public static IReadOnlyList<string> Wrap(ToolLocator tools, bool subordinateIds, IEnumerable<string> extra, IEnumerable<string> command) =>
    [
        tools.Require("unshare", "util-linux"), "--user", "--map-root-user",
        .. subordinateIds ? ["--map-auto"] : Array.Empty<string>(),
        .. extra, "--", .. command,
    ];

    /// <summary>Removes a tree whose files may belong to subordinate ids (which the user cannot remove directly).</summary>
    internal static async Task DeleteTreeAsync(ToolLocator tools, ExternalTool tool, string path, CancellationToken ct)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        var argv = Wrap(tools, subordinateIds: true, [], ["rm", "-rf", "--one-file-system", path]);
        await tool.RunAsync(argv[0], argv.Skip(1).ToList(), ct);
    }
}
