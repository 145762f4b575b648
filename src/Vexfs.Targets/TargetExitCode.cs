namespace Vexfs.Targets;

/// <summary>
/// Lets a failing target choose the build's exit code instead of the default 1: VmIntegration exits 125
/// (git bisect run's "cannot judge this commit") when the kit, not the code under test, failed.
/// </summary>
public static class TargetExitCode
{
    /// <summary>Exception.Data key of the exit code a failure asks for.</summary>
    public const string DataKey = "ExitCode";

    /// <summary>Marks the exception so the build exits with <paramref name="exitCode"/> when it fails a target.</summary>
    public static TException WithExitCode<TException>(this TException exception, int exitCode)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentOutOfRangeException.ThrowIfLessThan(exitCode, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exitCode, 255);
        exception.Data[DataKey] = exitCode;
        return exception;
    }

    /// <summary>The exit code an exception asks for, or null for the default.</summary>
    public static int? Of(Exception exception) => exception?.Data[DataKey] as int?;
}
