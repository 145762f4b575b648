namespace Vexctl.Cli;

/// <summary>A failure with the exit code it maps to; the message is printed as "vexctl: message".</summary>
internal sealed class VexctlException : Exception
{
    public VexctlException(int exitCode, string message)
        : base(message) => ExitCode = exitCode;

    public VexctlException(int exitCode, string message, Exception inner)
        : base(message, inner) => ExitCode = exitCode;

    public VexctlException()
        : this(ExitCodes.Failure, "vexctl failed")
    {
    }

    public VexctlException(string message)
        : this(ExitCodes.Failure, message)
    {
    }

    public VexctlException(string message, Exception inner)
        : this(ExitCodes.Failure, message, inner)
    {
    }

    public int ExitCode { get; }

    public static VexctlException Usage(string message) => new(ExitCodes.Usage, message);
}
