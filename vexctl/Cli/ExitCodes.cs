namespace Vexctl.Cli;

/// <summary>vexctl's exit codes; docs/VEXCTL.md lists the same table.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Any other failure (I/O error, device too small, existing filesystem without --force).</summary>
    public const int Failure = 1;

    /// <summary>Bad command line: unknown option, missing argument, value out of range, bad vector text.</summary>
    public const int Usage = 2;

    /// <summary>The vexfs module is not loaded: /dev/vexfs is missing.</summary>
    public const int ModuleNotLoaded = 3;

    /// <summary>vexctl and the loaded module speak different ABI versions.</summary>
    public const int AbiMismatch = 4;

    /// <summary>The path is not on a vexfs mount (the file ioctl returned ENOTTY).</summary>
    public const int NotVexfs = 5;

    /// <summary>The kernel refused the request with an errno, which the message names.</summary>
    public const int KernelError = 6;
}
