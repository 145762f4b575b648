using System.Reflection;

namespace Vexfs.Targets;

/// <summary>One target of the build: its property name, its declaration and the lambda that identifies it.</summary>
internal sealed record TargetInfo(string Name, TargetDefinition Definition, MethodInfo Method)
{
    public override string ToString() => Name;
}
