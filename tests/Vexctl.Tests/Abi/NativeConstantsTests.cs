using System.Globalization;
using System.Runtime.InteropServices;
using Vexctl.Abi;
using Vexctl.Native;
using Vexctl.Tests.Support;

namespace Vexctl.Tests.Abi;

/// <summary>The libc and kernel constants vexctl hard-codes, checked against the system headers.</summary>
public sealed class NativeConstantsTests
{
    private static readonly (string Name, int Value)[] Errnos =
    [
        ("EPERM", Errno.EPERM), ("ENOENT", Errno.ENOENT), ("EINTR", Errno.EINTR), ("EIO", Errno.EIO), ("ENXIO", Errno.ENXIO),
        ("EBADF", Errno.EBADF), ("EAGAIN", Errno.EAGAIN), ("ENOMEM", Errno.ENOMEM), ("EACCES", Errno.EACCES),
        ("EFAULT", Errno.EFAULT), ("EBUSY", Errno.EBUSY), ("EEXIST", Errno.EEXIST), ("EXDEV", Errno.EXDEV),
        ("ENODEV", Errno.ENODEV), ("ENOTDIR", Errno.ENOTDIR), ("EISDIR", Errno.EISDIR), ("EINVAL", Errno.EINVAL),
        ("ENFILE", Errno.ENFILE), ("EMFILE", Errno.EMFILE), ("ENOTTY", Errno.ENOTTY), ("EFBIG", Errno.EFBIG),
        ("ENOSPC", Errno.ENOSPC), ("EROFS", Errno.EROFS), ("ERANGE", Errno.ERANGE), ("ENAMETOOLONG", Errno.ENAMETOOLONG),
        ("ENOSYS", Errno.ENOSYS), ("ENOTEMPTY", Errno.ENOTEMPTY), ("ELOOP", Errno.ELOOP), ("ENODATA", Errno.ENODATA),
        ("EBADMSG", Errno.EBADMSG), ("EOVERFLOW", Errno.EOVERFLOW), ("EOPNOTSUPP", Errno.EOPNOTSUPP),
        ("ETIMEDOUT", Errno.ETIMEDOUT), ("ESTALE", Errno.ESTALE), ("EUCLEAN", Errno.EUCLEAN), ("EDQUOT", Errno.EDQUOT),
        ("ECANCELED", Errno.ECANCELED),
    ];

    [Fact]
    public async Task Errno_numbers_names_and_meanings_match_glibc()
    {
        var source = "#include <stdio.h>\n#include <string.h>\n#include <errno.h>\nint main(void)\n{\n" +
                     string.Concat(Errnos.Select(e => $"\tprintf(\"{e.Name}|%d|%s\\n\", {e.Name}, strerror({e.Name}));\n")) +
                     "\treturn 0;\n}\n";
        var lines = (await CProgram.CompileAndRunAsync(source)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var mismatches = new List<string>();
        foreach (var line in lines)
        {
            var parts = line.Split('|');
            var number = int.Parse(parts[1], CultureInfo.InvariantCulture);
            var ours = Errnos.Single(e => e.Name == parts[0]).Value;
            if (ours != number || Errno.Name(number) != parts[0] || Errno.Meaning(number) != parts[2])
            {
                mismatches.Add($"{parts[0]}: C {number} '{parts[2]}', C# {ours} {Errno.Describe(ours)}");
            }
        }

        Assert.Equal(Errnos.Length, lines.Length);
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    [Fact]
    public async Task Open_flags_statx_layout_and_blkgetsize64_match_the_system_headers()
    {
        const string source = """
            #define _GNU_SOURCE
            #include <stdio.h>
            #include <stddef.h>
            #include <fcntl.h>
            #include <linux/stat.h>
            #include <linux/fs.h>
            int main(void)
            {
            	printf("O_RDONLY %d\nO_RDWR %d\nO_DIRECTORY %d\nO_NOFOLLOW %d\nO_CLOEXEC %d\n", O_RDONLY, O_RDWR, O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC);
            	printf("AT_FDCWD %d\nAT_SYMLINK_NOFOLLOW %d\nSTATX_BASIC_STATS %u\n", AT_FDCWD, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS);
            	printf("sizeof_statx %zu\nstx_mask %zu\nstx_mode %zu\nstx_ino %zu\nstx_size %zu\n", sizeof(struct statx),
            	       offsetof(struct statx, stx_mask), offsetof(struct statx, stx_mode), offsetof(struct statx, stx_ino), offsetof(struct statx, stx_size));
            	printf("stx_rdev_major %zu\nstx_rdev_minor %zu\nstx_dev_major %zu\nstx_dev_minor %zu\n", offsetof(struct statx, stx_rdev_major),
            	       offsetof(struct statx, stx_rdev_minor), offsetof(struct statx, stx_dev_major), offsetof(struct statx, stx_dev_minor));
            	printf("BLKGETSIZE64 %lu\n", (unsigned long)BLKGETSIZE64);
            	return 0;
            }
            """;
        var c = (await CProgram.CompileAndRunAsync(source)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
        var ours = new Dictionary<string, long>
        {
            ["O_RDONLY"] = Libc.ORdOnly,
            ["O_RDWR"] = Libc.ORdWr,
            ["O_DIRECTORY"] = Libc.ODirectory,
            ["O_NOFOLLOW"] = Libc.ONoFollow,
            ["O_CLOEXEC"] = Libc.OCloExec,
            ["AT_FDCWD"] = Libc.AtFdCwd,
            ["AT_SYMLINK_NOFOLLOW"] = Libc.AtSymlinkNoFollow,
            ["STATX_BASIC_STATS"] = Libc.StatxBasicStats,
            ["sizeof_statx"] = Marshal.SizeOf<StatxBuffer>(),
            ["stx_mask"] = Offset(nameof(StatxBuffer.Mask)),
            ["stx_mode"] = Offset(nameof(StatxBuffer.Mode)),
            ["stx_ino"] = Offset(nameof(StatxBuffer.Ino)),
            ["stx_size"] = Offset(nameof(StatxBuffer.Size)),
            ["stx_rdev_major"] = Offset(nameof(StatxBuffer.RdevMajor)),
            ["stx_rdev_minor"] = Offset(nameof(StatxBuffer.RdevMinor)),
            ["stx_dev_major"] = Offset(nameof(StatxBuffer.DevMajor)),
            ["stx_dev_minor"] = Offset(nameof(StatxBuffer.DevMinor)),
            ["BLKGETSIZE64"] = (long)Ioctl.BlkGetSize64,
        };
        var mismatches = ours.Where(o => c[o.Key] != o.Value).Select(o => $"{o.Key}: C {c[o.Key]}, C# {o.Value}").ToList();
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
        Assert.Equal(ours.Count, c.Count);
    }

    private static long Offset(string field) => (long)Marshal.OffsetOf<StatxBuffer>(field);
}
