namespace Vexfs.Lab.ModuleBuild;

/// <summary>How the module (its sources, or the host-built vexfs.ko) and vexctl reach the guest.</summary>
public enum SourceDelivery
{
    /// <summary>
    /// Shared read-only over virtiofs, hot-plugged into the running guest: nothing is copied, and an edit
    /// on the host is what the guest sees at once. Needs root (virtiofsd and a private mount namespace).
    /// </summary>
    Share,

    /// <summary>Copied over the SSH connection (streamed into `cat`; the name is from when SFTP did it): works for any user and any guest kernel.</summary>
    Sftp,

    /// <summary>
    /// Written as a tar onto the guest's transfer disk, which every machine has from its boot, and unpacked by
    /// the guest: no daemon, no hot-plug, no bytes through sshd; works for any user and any guest kernel.
    /// </summary>
    Disk,
}
