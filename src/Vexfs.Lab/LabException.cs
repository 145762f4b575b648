namespace Vexfs.Lab;

/// <summary>A user-facing lab failure: what went wrong, and in <see cref="Hint"/> what to do about it.</summary>
public sealed class LabException : Exception
{
    public LabException(string message, string? hint = null)
        : base(message) => SetHint(hint);

    public LabException(string message, string? hint, Exception inner)
        : base(message, inner) => SetHint(hint);

    /// <summary>What the user can do next (a command, a file to look at), or null.</summary>
    public string? Hint { get; private set; }

    public override string ToString() => Hint is null ? base.ToString() : $"{base.ToString()}{Environment.NewLine}hint: {Hint}";

    private void SetHint(string? hint)
    {
        Hint = hint;

        // The build engine prints Data["Hint"] under a failed target's error (it does not know this type).
        Data["Hint"] = hint;
    }
}
