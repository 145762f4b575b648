namespace Vexfs.Targets;

/// <summary>NUKE's verbosity levels; Verbose adds debug logging, Quiet keeps warnings and errors.</summary>
public enum Verbosity
{
    Verbose,
    Normal,
    Minimal,
    Quiet,
}
