using System.Globalization;

namespace Vexfs.Lab.Fuzz;

/// <summary>
/// Makes the base image in the guest, in region 0 of its second disk: vexctl mkfs, then files and directories
/// that reach every part of the format (a root directory of two blocks with free slots in it, nested
/// directories, a file through the single indirect block, a sparse one through the double indirect, a hard
/// link, vectors), then umount and a flush so the host can read the image from the disk file.
/// </summary>
public static class FuzzPopulate
{
    public const uint Dim = 8;
    public const string BaseName = "populated";

    public static string Script(string device, long imageBytes, string vexctl)
    {
        var size = imageBytes.ToString(CultureInfo.InvariantCulture);
        return $"""
            set -e
            dev=$(losetup -f --show -o 0 --sizelimit {size} {device})
            {vexctl} mkfs $dev --dim {Dim} --inodes 64 --label fuzz-base --force >/dev/null
            m=/mnt/vexfs-populate; mkdir -p $m; mount -t vexfs $dev $m
            mkdir $m/docs $m/docs/deep $m/empty
            i=0; while [ $i -lt 20 ]; do echo "file $i" > $m/f$i; i=$((i+1)); done
            head -c 100000 /dev/urandom > $m/docs/indirect
            dd if=/dev/zero of=$m/docs/sparse bs=4096 seek=1100 count=1 2>/dev/null
            head -c 5000 /dev/urandom > $m/docs/deep/small
            ln $m/f1 $m/docs/hardlink
            {vexctl} vec set $m/f0 1,2,3,4,5,6,7,8
            {vexctl} vec set $m/f2 -8,7,-6,5,-4,3,-2,1
            {vexctl} vec set $m/docs/indirect 0,0,0,0,1,1,1,1
            {vexctl} vec set $m/docs/deep/small 9,9,9,9,9,9,9,9
            rm $m/f5 $m/f7
            umount $m; losetup -d $dev; sync; blockdev --flushbufs {device}
            echo populated
            """;
    }
}
