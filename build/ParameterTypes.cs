namespace VexfsBuild;

/// <summary>QEMU acceleration: auto takes KVM only where /dev/kvm really works, else TCG.</summary>
public enum Accel
{
    Auto,
    Kvm,
    Tcg,
}

/// <summary>Which builder makes the guest image; both run the same packer/scripts provisioning.</summary>
public enum ImageBuilder
{
    Mmdebstrap,
    Packer,
}

/// <summary>Where the module is compiled: in the guest with its kernel's own toolchain, or on the host.</summary>
public enum ModuleBuild
{
    Guest,
    Host,
}

/// <summary>How the module and vexctl reach the guest: a read-only virtiofs share of the checkout, or SFTP copies.</summary>
public enum Delivery
{
    Share,
    Sftp,
}

/// <summary>How a guest starts: restored from the image's saved booted state, or booted from scratch.</summary>
public enum Boot
{
    Restore,
    Cold,
}
