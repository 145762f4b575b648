using Vexfs.Reports;

namespace Vexfs.Lab;

/// <summary>A pipeline phase failed; carries the failure class the report gives it.</summary>
public sealed class PhaseFailedException(FailureClass failureClass, string message) : Exception(message)
{
    public FailureClass FailureClass { get; } = failureClass;
}
