namespace Vexfs.Targets;

/// <summary>The build class itself is wrong (a dependency cycle, a reference to a non-target).</summary>
public sealed class BuildDefinitionException(string message) : Exception(message);
