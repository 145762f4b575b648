namespace Vexfs.Lab.Pipeline;

/// <summary>How a guest came up, for the boot phase's report line.</summary>
/// <param name="How">A cold boot (and why it was not a restore), or the saved state it was restored from.</param>
/// <param name="Saved">What became of saving the booted state for later runs, when a cold boot tried to.</param>
public sealed record BootDetail(string How, string? Saved = null)
{
    public static readonly BootDetail Cold = new("cold boot");

    public override string ToString() => Saved is null ? How : $"{How}; {Saved}";
}
