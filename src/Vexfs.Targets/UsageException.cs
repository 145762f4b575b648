namespace Vexfs.Targets;

/// <summary>The command line, environment or parameters.json asked for something invalid (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
