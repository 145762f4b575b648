using Vexctl.Cli;

namespace Vexctl.Device;

/// <summary>The vector dimension of the vexfs mount holding a path, read from the module's status.</summary>
internal static class DimensionLookup
{
    public static int ForPath(string path, string operation)
    {
        var mount = MountTable.Load().Find(path);
        if (mount is not null && mount.FsType != MountTable.VexfsType)
        {
            throw new VexctlException(
                ExitCodes.NotVexfs,
                $"{operation} {path}: not a vexfs file (it is on a {mount.FsType} mount at {mount.MountPoint}); use a path on a mounted vexfs");
        }

        using var control = ControlDevice.Open();
        control.GetStatus();
        var full = control.GetStatusFull();
        var count = (int)Math.Min(full.MountCount, (uint)Abi.VexfsAbi.MaxStatusMounts);
        var device = mount is null ? null : Path.GetFileName(mount.Source);
        for (var i = 0; i < count; i++)
        {
            if (device is not null && StatusReader.DeviceName(full.Mounts[i]) == device)
            {
                return (int)full.Mounts[i].VectorDim;
            }
        }

        if (count == 1)
        {
            return (int)full.Mounts[0].VectorDim;
        }

        throw new VexctlException(
            ExitCodes.Failure,
            $"{operation} {path}: cannot tell the filesystem's vector dimension from the module status " +
            $"({count} vexfs mounts, none on device '{device ?? "?"}'); pass --dim N");
    }
}
