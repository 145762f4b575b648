using Vexctl.Cli;
using Vexctl.Device;
using Vexctl.Native;
using Vexctl.Tests.Support;

namespace Vexctl.Tests.Cli;

/// <summary>Exit codes from real calls on this host (no vexfs module here) and from the errno mapping.</summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vexctl-exit-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Exit_codes_have_their_documented_values()
    {
        Assert.Equal(
            [0, 1, 2, 3, 4, 5, 6],
            new[] { ExitCodes.Ok, ExitCodes.Failure, ExitCodes.Usage, ExitCodes.ModuleNotLoaded, ExitCodes.AbiMismatch, ExitCodes.NotVexfs, ExitCodes.KernelError });
    }

    [Fact]
    public void A_missing_control_device_is_exit_3_with_the_insmod_hint()
    {
        var e = Assert.Throws<VexctlException>(() => ControlDevice.Open(Path.Combine(_dir.FullName, "vexfs")));
        Assert.Equal(ExitCodes.ModuleNotLoaded, e.ExitCode);
        Assert.Contains("load it with: insmod vexfs.ko", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_on_this_host_without_the_module_exits_3()
    {
        Assert.False(File.Exists("/dev/vexfs"), "this test expects a host without the vexfs module");
        var result = await CliRun.RunAsync("status", "--json");
        Assert.Equal(ExitCodes.ModuleNotLoaded, result.ExitCode);
        Assert.Equal("vexctl: /dev/vexfs not found: the vexfs module is not loaded; load it with: insmod vexfs.ko\n", result.Error);
    }

    [Fact]
    public async Task Mount_and_umount_name_the_errno_and_what_to_do()
    {
        // As root (CI and the guests): a directory that is not a mount point, and a type this host does not know.
        var umount = await CliRun.RunAsync("umount", _dir.FullName);
        Assert.Equal(ExitCodes.KernelError, umount.ExitCode);
        Assert.Equal($"vexctl: umount {_dir.FullName}: EINVAL (Invalid argument); it is not a mount point\n", umount.Error);

        var mount = await CliRun.RunAsync("mount", "/dev/null", _dir.FullName, "-o", "ro,nosuid");
        Assert.Equal(ExitCodes.KernelError, mount.ExitCode);
        Assert.StartsWith($"vexctl: mount /dev/null on {_dir.FullName}: ENODEV (No such device)", mount.Error, StringComparison.Ordinal);
        Assert.Contains("dmesg", mount.Error, StringComparison.Ordinal);

        var missing = await CliRun.RunAsync("umount", Path.Combine(_dir.FullName, "missing"));
        Assert.Equal(ExitCodes.Failure, missing.ExitCode);
        Assert.Contains("ENOENT", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_control_device_that_rejects_the_status_ioctl_is_an_abi_mismatch()
    {
        // /dev/null opens but knows no vexfs ioctl: ENOTTY, as from a module built from another header.
        using var control = ControlDevice.Open("/dev/null");
        var e = Assert.Throws<VexctlException>(() => control.GetStatus());
        Assert.Equal(ExitCodes.AbiMismatch, e.ExitCode);
        Assert.Contains("ENOTTY (Inappropriate ioctl for device)", e.Message, StringComparison.Ordinal);
        Assert.Contains("this vexctl speaks ABI 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vector_commands_on_a_non_vexfs_file_exit_5()
    {
        var file = Path.Combine(_dir.FullName, "plain.txt");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);
        var set = await CliRun.RunAsync("vec", "set", file, "1,2,3");
        var get = await CliRun.RunAsync("vec", "get", file, "--dim", "3");
        var clear = await CliRun.RunAsync("vec", "clear", file);
        var search = await CliRun.RunAsync("search", _dir.FullName, "--query", "1,2,3");
        foreach (var result in new[] { set, get, clear, search })
        {
            Assert.Equal(ExitCodes.NotVexfs, result.ExitCode);
            Assert.Contains("not a vexfs file", result.Error, StringComparison.Ordinal);
        }

        Assert.StartsWith($"vexctl: vec set {file}: not a vexfs file", set.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vector_commands_on_a_directory_exit_1_saying_vectors_belong_to_regular_files()
    {
        var result = await CliRun.RunAsync("vec", "get", _dir.FullName, "--dim", "3");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal($"vexctl: vec get {_dir.FullName}: not a regular file; vectors belong to regular files\n", result.Error);
    }

    [Fact]
    public async Task Bench_on_a_non_vexfs_directory_exits_5_and_removes_its_files()
    {
        var result = await CliRun.RunAsync("bench", _dir.FullName, "--vectors", "3", "--queries", "1", "--dim", "4");
        Assert.Equal(ExitCodes.NotVexfs, result.ExitCode);
        Assert.Empty(_dir.EnumerateFileSystemInfos());
    }

    [Fact]
    public void Errno_from_a_vexfs_mount_is_exit_6_naming_the_errno_and_the_fix()
    {
        var mount = new MountEntry(254, 16, "/mnt", "vexfs", "/dev/vdb");
        var e = KernelErrors.FileIoctl("search", "/mnt", Errno.EINVAL, "k must be 1..1024", mount);
        Assert.Equal(ExitCodes.KernelError, e.ExitCode);
        Assert.Equal("search /mnt: EINVAL (Invalid argument): k must be 1..1024", e.Message);
    }

    [Theory]
    [InlineData(Errno.ENOTTY, "vexfs", ExitCodes.AbiMismatch)]
    [InlineData(Errno.ENOTTY, null, ExitCodes.NotVexfs)]
    [InlineData(Errno.EINVAL, "fuse", ExitCodes.NotVexfs)]
    [InlineData(Errno.ENOSPC, "vexfs", ExitCodes.KernelError)]
    [InlineData(Errno.ENODATA, null, ExitCodes.KernelError)]
    public void File_ioctl_errors_map_to_exit_codes(int errno, string? fsType, int exitCode)
    {
        var mount = fsType is null ? null : new MountEntry(8, 1, "/mnt", fsType, "/dev/sda1");
        Assert.Equal(exitCode, KernelErrors.FileIoctl("vec set", "/mnt/f", errno, null, mount).ExitCode);
    }

    [Fact]
    public async Task Mkfs_of_a_missing_image_exits_1_and_says_how_to_create_it()
    {
        var result = await CliRun.RunAsync("mkfs", Path.Combine(_dir.FullName, "none.img"), "--dim", "8");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("truncate -s 64M", result.Error, StringComparison.Ordinal);
    }
}
