using Vexctl.Abi;
using Vexctl.Output;

namespace Vexctl.Device;

/// <summary>Converts the status structs into the records vexctl prints.</summary>
internal static unsafe class StatusReader
{
    public static string DeviceName(VexfsMountStatus mount) => CString.Read(new ReadOnlySpan<byte>(mount.Device, VexfsAbi.DevNameLen));

    public static StatusReport ToReport(VexfsStatus status, VexfsStatusFull? full)
    {
        List<MountReport>? details = null;
        if (full is { } f)
        {
            details = [];
            var count = (int)Math.Min(f.MountCount, (uint)VexfsAbi.MaxStatusMounts);
            for (var i = 0; i < count; i++)
            {
                var m = f.Mounts[i];
                details.Add(new MountReport(
                    DeviceName(m), m.VectorDim, m.InodeCount, m.FreeInodes, m.BlockCount, m.FreeBlocks, m.FilesWithVectors, m.Searches));
            }
        }

        return new StatusReport(
            status.AbiVersion,
            VexfsAbi.AbiVersion,
            status.FormatVersion,
            CString.Read(new ReadOnlySpan<byte>(status.ModuleVersion, VexfsAbi.VersionLen)),
            CString.Read(new ReadOnlySpan<byte>(status.KernelRelease, VexfsAbi.ReleaseLen)),
            status.Mounts,
            status.FilesWithVectors,
            status.Searches,
            status.VectorBytes,
            details);
    }
}
