using System.CommandLine;
using System.Runtime.InteropServices;
using Vexctl.Cli;
using Vexctl.Mount;
using Vexctl.Native;

namespace Vexctl.Commands;

/// <summary>
/// `vexctl mount DEVICE DIR [-o OPTIONS]` and `vexctl umount DIR [--lazy]`: mount(2) and umount2(2) of a vexfs, with
/// the errno named and what to do. mount(8) does the same with fstab, loop devices and helpers; these are the
/// system calls alone (in a TCG guest, mount(8) costs 25-35 ms a start before the call).
/// </summary>
internal static class MountCommands
{
    public static Command CreateMount()
    {
        var device = new Argument<string>("DEVICE") { Description = "The block device holding the vexfs (an image file needs a loop device: losetup, or mount -o loop)" };
        var dir = new Argument<string>("DIR") { Description = "The directory to mount it on" };
        var options = new Option<string?>("--options", "-o") { Description = "Comma-separated mount options: ro, nosuid, noatime, ... as mount(8) takes them" };
        var command = new Command("mount", "Mount a vexfs (the mount system call; no fstab, loop devices or helpers)") { device, dir, options };
        command.SetAction((parse, _) =>
        {
            var source = parse.GetRequiredValue(device);
            var target = parse.GetRequiredValue(dir);
            var parsed = MountOptions.Parse(parse.GetValue(options));
            if (Libc.Mount(source, target, "vexfs", parsed.Flags, parsed.Data) < 0)
            {
                throw Refused($"mount {source} on {target}", Marshal.GetLastPInvokeError(),
                    "the kernel's reason, if it gave one, is in its log (dmesg | tail)");
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    public static Command CreateUmount()
    {
        var dir = new Argument<string>("DIR") { Description = "The mount point" };
        var lazy = new Option<bool>("--lazy", "-l") { Description = "Detach now, clean up when it is no longer busy (MNT_DETACH)" };
        var command = new Command("umount", "Unmount a filesystem (the umount2 system call)") { dir, lazy };
        command.SetAction((parse, _) =>
        {
            var target = parse.GetRequiredValue(dir);
            if (Libc.Umount2(target, parse.GetValue(lazy) ? Libc.MntDetach : 0) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw Refused($"umount {target}", errno, errno switch
                {
                    Errno.EBUSY => "a process has a file or its directory there (fuser -m, or --lazy)",
                    Errno.EINVAL => "it is not a mount point",
                    _ => null,
                });
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    // Permission and missing paths are the caller's to fix; any other errno is the kernel refusing.
    private static VexctlException Refused(string what, int errno, string? hint)
    {
        var code = errno is Errno.EPERM or Errno.EACCES or Errno.ENOENT or Errno.ENOTDIR ? ExitCodes.Failure : ExitCodes.KernelError;
        var help = errno == Errno.EPERM ? "it needs root (CAP_SYS_ADMIN)" : hint;
        return new VexctlException(code, help is null ? $"{what}: {Errno.Describe(errno)}" : $"{what}: {Errno.Describe(errno)}; {help}");
    }
}
