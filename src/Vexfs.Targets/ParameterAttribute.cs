namespace Vexfs.Targets;

/// <summary>
/// Marks a field or property of the build class as a parameter, bound (highest first) from
/// <c>--kebab-case</c> arguments, environment variables, <c>.nuke/parameters.json</c>, then the initializer.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    /// <summary>Inclusive lower bound for integer parameters (unset when <see cref="long.MinValue"/>).</summary>
    public long Minimum { get; set; } = long.MinValue;

    /// <summary>Inclusive upper bound for integer parameters (unset when <see cref="long.MaxValue"/>).</summary>
    public long Maximum { get; set; } = long.MaxValue;

    /// <summary>Separator that also splits a single array value (<c>--kernel 6.1,6.12</c>).</summary>
    public char Separator { get; set; } = ',';

    /// <summary>
    /// The parameter's name when it differs from the member's (NUKE's <c>Name</c>): <c>--test</c> on a build
    /// that also has a Test target.
    /// </summary>
    public string? Name { get; set; }
}
