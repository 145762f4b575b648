namespace Vexfs.Lab.Machine;

/// <summary>How a guest starts: restored from the image's saved booted state (falls back to cold), or a cold boot.</summary>
public enum BootMode
{
    Restore,
    Cold,
}
