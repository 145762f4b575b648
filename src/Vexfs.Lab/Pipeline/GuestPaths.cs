namespace Vexfs.Lab.Pipeline;

/// <summary>Where the pipeline puts things inside the guest; the integration tests read the same values.</summary>
public static class GuestPaths
{
    public const string ModuleSources = "/root/vexfs";
    public const string Module = ModuleSources + "/vexfs.ko";
    public const string Vexctl = "/usr/local/bin/vexctl";
    public const string VexfsDevice = "/dev/vdb";
    public const string HostShare = Share.SourceShare.GuestMount;
    public const string BenchMount = "/mnt/vexfs-bench";
}
