using Vexctl.Native;

namespace Vexctl.Device;

/// <summary>
/// Finds the paths of inode numbers by walking the mount that holds a directory: statx gives each
/// entry's inode; the walk stays on the mount's device and does not follow symlinks. It searches
/// the given directory first (where results usually are), then the rest of the mount, breadth first, and stops
/// as soon as every wanted inode is found.
/// </summary>
internal static class InodePathResolver
{
    public static IReadOnlyDictionary<ulong, string> Resolve(string directory, IEnumerable<ulong> inodes)
    {
        var wanted = new HashSet<ulong>(inodes);
        var found = new Dictionary<ulong, string>();
        var start = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (wanted.Count == 0 || FileIdentity.TryGet(start, out _) is not { } startId)
        {
            return found;
        }

        Walk(start, skip: null, startId, wanted, found);
        var root = MountRoot(start, startId);
        if (found.Count < wanted.Count && root != start)
        {
            Walk(root, skip: start, startId, wanted, found);
        }

        return found;
    }

    private static void Walk(string top, string? skip, FileIdentity device, HashSet<ulong> wanted, Dictionary<ulong, string> found)
    {
        if (FileIdentity.TryGet(top, out _) is { } topId && wanted.Contains(topId.Ino))
        {
            found.TryAdd(topId.Ino, top);
        }

        var pending = new Queue<string>();
        pending.Enqueue(top);
        while (pending.Count > 0 && found.Count < wanted.Count)
        {
            foreach (var entry in Entries(pending.Dequeue()))
            {
                if (entry == skip || FileIdentity.TryGet(entry, out _) is not { } id || !id.SameDevice(device))
                {
                    continue;
                }

                if (wanted.Contains(id.Ino))
                {
                    found.TryAdd(id.Ino, entry);
                }

                if (id.IsDirectory)
                {
                    pending.Enqueue(entry);
                }
            }
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
