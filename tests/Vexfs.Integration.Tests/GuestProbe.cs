using System.Security.Cryptography;
using System.Text;
using CliWrap;
using Vexfs.Lab.Session;

namespace Vexfs.Integration.Tests;

/// <summary>
/// A small C program for the syscalls the shell has no command for: renameat2's flags, O_TMPFILE with linkat,
/// SEEK_DATA/SEEK_HOLE, a vector ioctl on a descriptor opened the wrong way, a bound AF_UNIX socket and a file of
/// pseudo-random bytes (`head -c 6M /dev/urandom` took 0.34 s of a TCG guest's CPU); and
/// for reading and writing a little-endian field of an image, which in shell (od, tr, dd and a subshell a byte)
/// took 15 processes and 120-330 ms a field in a TCG guest. Each prints what happened ("ioctl: EBADF"), exit 1
/// on an error. The suite's GuestMachine uploads a static build made on the host (gcc in a TCG
/// guest took seconds of the suite); where the host cannot build it, the guest compiles it (it has gcc for the
/// module) the first time a test needs it.
/// </summary>
public static class GuestProbe
{
    public const string Path = "/tmp/vexfs-probe";

    /// <summary>Builds the probe on the host (once per source) and uploads it; false when the host cannot build it.</summary>
    public static async Task<bool> UploadAsync(GuestSession session, CancellationToken ct)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Source)))[..16];
        var binary = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"vexfs-probe-{hash}");
        if (!File.Exists(binary))
        {
            var draft = $"{binary}.{Environment.ProcessId}";
            await File.WriteAllTextAsync(draft + ".c", Source, ct);
            try
            {
                var gcc = await Cli.Wrap("gcc").WithArguments(["-static", "-O1", "-o", draft, draft + ".c"])
                    .WithValidation(CommandResultValidation.None).ExecuteAsync(ct);
                if (gcc.ExitCode != 0)
                {
                    return false;
                }

                File.Move(draft, binary, overwrite: true);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false; // no gcc on this host
            }
            finally
            {
                File.Delete(draft + ".c");
                File.Delete(draft);
            }
        }

        // Renamed over the old one by the upload: another process attached to the same guest may be running it.
        await session.UploadFileAsync(binary, Path, ct, mode: 0x1ED);
        return true;
    }

    /// <summary>Writes and compiles the probe unless it is already there.</summary>
    public static string InstallCommand =>
        $"[ -x {Path} ] || {{ cat > {Path}.c <<'VEXFS_PROBE'\n{Source}\nVEXFS_PROBE\ngcc -O1 -o {Path} {Path}.c; }}";

    public static string Run(string args) => $"{Path} {args}";

    private const string Source = """
/* Syscalls the shell has no command for: renameat2 flags, O_TMPFILE, SEEK_DATA/HOLE, vector ioctls on a chosen
 * open mode, AF_UNIX bind; and little-endian fields of an image read and written in one process. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <linux/types.h>
#include <linux/ioctl.h>
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#define RENAME_WHITEOUT (1 << 2)
#endif
struct vio { __u32 dim, reserved; __u64 data; };
#define GETV _IOWR('V', 2, struct vio)
#define SETV _IOW('V', 1, struct vio)

static int fail(const char *what)
{
	printf("%s: %s\n", what, strerrorname_np(errno));
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	if (!strcmp(argv[1], "exchange") || !strcmp(argv[1], "whiteout")) {
		unsigned int flags = argv[1][0] == 'e' ? RENAME_EXCHANGE : RENAME_WHITEOUT;
		if (renameat2(AT_FDCWD, argv[2], AT_FDCWD, argv[3], flags))
			return fail("renameat2");
		return 0;
	}
	if (!strcmp(argv[1], "tmpfile")) { /* tmpfile DIR NAME: write, then link it as NAME */
		char path[64];
		int fd = open(argv[2], O_TMPFILE | O_RDWR, 0644);
		if (fd < 0)
			return fail("open");
		if (write(fd, "tmp\n", 4) != 4)
			return fail("write");
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		if (argc > 3 && linkat(AT_FDCWD, path, AT_FDCWD, argv[3], AT_SYMLINK_FOLLOW))
			return fail("linkat");
		return 0;
	}
	if (!strcmp(argv[1], "seek")) { /* seek FILE: data and hole offsets from 0 on */
		int fd = open(argv[2], O_RDONLY);
		off_t pos = 0;
		if (fd < 0)
			return fail("open");
		for (;;) {
			off_t d = lseek(fd, pos, SEEK_DATA), h;
			if (d < 0) {
				printf("end %s\n", strerrorname_np(errno));
				return 0;
			}
			h = lseek(fd, d, SEEK_HOLE);
			printf("data %lld hole %lld\n", (long long)d, (long long)h);
			pos = h;
		}
	}
	if (!strcmp(argv[1], "socket")) { /* socket PATH: bind an AF_UNIX stream socket there */
		struct sockaddr_un a = { .sun_family = AF_UNIX };
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd < 0)
			return fail("socket");
		snprintf(a.sun_path, sizeof(a.sun_path), "%s", argv[2]);
		if (bind(fd, (struct sockaddr *)&a, sizeof(a)))
			return fail("bind");
		return 0;
	}
	if ((!strcmp(argv[1], "peek") && argc == 5) || (!strcmp(argv[1], "poke") && argc == 6)) {
		/* peek FILE OFFSET BYTES prints the unsigned little-endian field; poke FILE OFFSET VALUE BYTES writes one */
		int poke = argv[1][1] == 'o', n = atoi(argv[poke ? 5 : 4]);
		long long off = strtoll(argv[3], NULL, 0);
		unsigned long long v = poke ? (unsigned long long)strtoll(argv[4], NULL, 0) : 0;
		unsigned char b[8];
		int fd;
		if (n < 1 || n > 8)
			return 2;
		fd = open(argv[2], poke ? O_WRONLY : O_RDONLY);
		if (fd < 0)
			return fail("open");
		if (poke) {
			for (int i = 0; i < n; i++)
				b[i] = v >> (8 * i);
			return pwrite(fd, b, n, off) == n ? 0 : fail("pwrite");
		}
		if (pread(fd, b, n, off) != n)
			return fail("pread");
		for (int i = n - 1; i >= 0; i--)
			v = v << 8 | b[i];
		printf("%llu\n", v);
		return 0;
	}
	if (!strcmp(argv[1], "fill") && argc == 5) {
		/* fill FILE BYTES SEED: a xorshift64 stream, every 8 bytes different (urandom's ChaCha20 is slow in TCG) */
		unsigned long long x = strtoull(argv[4], NULL, 0) | 1, buf[8192];
		long long left = strtoll(argv[3], NULL, 0);
		int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			return fail("open");
		while (left > 0) {
			size_t n = left < (long long)sizeof(buf) ? (size_t)left : sizeof(buf);
			for (size_t i = 0; i < sizeof(buf) / 8; i++) {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				buf[i] = x;
			}
			if (write(fd, buf, n) != (ssize_t)n)
				return fail("write");
			left -= n;
		}
		return close(fd) ? fail("close") : 0;
	}
	if (!strcmp(argv[1], "getwo") || !strcmp(argv[1], "setro")) { /* GET on O_WRONLY, SET on O_RDONLY */
		signed char v[4096] = { 0 };
		struct vio io = { .dim = atoi(argv[3]), .data = (unsigned long)v };
		int get = argv[1][0] == 'g';
		int fd = open(argv[2], get ? O_WRONLY : O_RDONLY);
		if (fd < 0)
			return fail("open");
		if (ioctl(fd, get ? GETV : SETV, &io))
			return fail("ioctl");
		printf("ioctl: ok\n");
		return 0;
	}
	return 2;
}
""";
}
