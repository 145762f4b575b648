using Vexctl.Native;

namespace Vexctl.Device;

/// <summary>
/// Finds the paths of inode numbers by walking the mount that holds a directory: statx gives each
/// entry's inode; the walk stays on the mount's device, does not follow symlinks, and stops as soon
/// as every wanted inode is found.
/// </summary>
internal static class InodePathResolver
{
    public static IReadOnlyDictionary<ulong, string> Resolve(string directory, IEnumerable<ulong> inodes)
    {
        var wanted = new HashSet<ulong>(inodes);
        var found = new Dictionary<ulong, string>();
        var start = Path.GetFullPath(directory);
        if (wanted.Count == 0 || FileIdentity.TryGet(start, out _) is not { } startId)
        {
            return found;
        }

        var root = MountRoot(start, startId);
        var pending = new Stack<string>();
        pending.Push(root);
        Visit(root, wanted, found);
        while (pending.Count > 0 && found.Count < wanted.Count)
        {
            foreach (var entry in Entries(pending.Pop()))
            {
                if (FileIdentity.TryGet(entry, out _) is not { } id || !id.SameDevice(startId))
                {
                    continue;
                }

                if (wanted.Contains(id.Ino))
                {
                    found.TryAdd(id.Ino, entry);
                }

                if (id.IsDirectory && !id.IsSymlink)
                {
                    pending.Push(entry);
                }
            }
        }

        return found;
    }

    private static void Visit(string path, HashSet<ulong> wanted, Dictionary<ulong, string> found)
    {
        if (FileIdentity.TryGet(path, out _) is { } id && wanted.Contains(id.Ino))
        {
            found.TryAdd(id.Ino, path);
        }
    }

    // Walks up while the parent is on the same device: the topmost such directory is the mount root.
    private static string MountRoot(string start, FileIdentity startId)
    {
        var current = start;
        while (Path.GetDirectoryName(current) is { } parent
               && FileIdentity.TryGet(parent, out _) is { } parentId
               && parentId.SameDevice(startId))
        {
            current = parent;
        }

        return current;
    }

    private static List<string> Entries(string directory)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(directory).ToList();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return [];
        }
    }
}
