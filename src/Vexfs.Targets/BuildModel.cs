using System.Reflection;

namespace Vexfs.Targets;

/// <summary>The targets and parameters of a build class, found by reflection over its whole hierarchy.</summary>
internal sealed class BuildModel
{
    private const BindingFlags Members =
        BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private readonly Dictionary<MethodInfo, TargetInfo> _byMethod;

    private BuildModel(TargetBuild build, IReadOnlyList<TargetInfo> targets, IReadOnlyList<ParameterMember> parameters)
    {
        Build = build;
        Targets = targets;
        Parameters = parameters;
        _byMethod = targets.ToDictionary(t => t.Method);
    }

    public TargetBuild Build { get; }

    /// <summary>All targets, sorted by name.</summary>
    public IReadOnlyList<TargetInfo> Targets { get; }

    /// <summary>All parameters, sorted by name.</summary>
    public IReadOnlyList<ParameterMember> Parameters { get; }

    public static BuildModel Create(TargetBuild build)
    {
        var types = Hierarchy(build.GetType()).ToList();
        var targets = types
            .SelectMany(t => t.GetProperties(Members))
            .Where(p => p.PropertyType == typeof(Target))
            .Select(p => Declare(build, p))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var parameters = types
            .SelectMany(t => t.GetFields(Members).Cast<MemberInfo>().Concat(t.GetProperties(Members)))
            .Select(m => (Member: m, Attribute: m.GetCustomAttribute<ParameterAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => new ParameterMember(x.Member, MemberType(x.Member), x.Attribute!))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        ThrowOnSameName("targets", targets.Select(t => t.Name));
        ThrowOnSameName("parameters", parameters.Select(p => p.Name));
        return new BuildModel(build, targets, parameters);
    }

    /// <summary>Maps a target reference from a declaration (<c>DependsOn(Compile)</c>) to its target.</summary>
    public TargetInfo Resolve(Target target) =>
        _byMethod.TryGetValue(target.Method, out var info)
            ? info
            : throw new BuildDefinitionException(
                $"A target refers to '{target.Method.Name}', which is not a Target property of {Build.GetType().Name}.");

    public IEnumerable<TargetInfo> Resolve(IEnumerable<Target> targets) => targets.Select(Resolve);

    /// <summary>The target a user's name means, compared as NUKE compares (dashes and case ignored).</summary>
    public TargetInfo? Find(string name) => Targets.FirstOrDefault(t => Naming.SameName(name, t.Name));

    // Names are matched ignoring dashes and case, so two that differ only there could not both be reached.
    private static void ThrowOnSameName(string kind, IEnumerable<string> names)
    {
        var clash = names.GroupBy(Naming.Trim).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new BuildDefinitionException(
                $"The {kind} {string.Join(" and ", clash)} differ only in case or dashes, so the command line cannot tell them apart; rename one.");
        }
    }

    private static TargetInfo Declare(TargetBuild build, PropertyInfo property)
    {
        var target = (Target)property.GetValue(build)!;
        var definition = new TargetDefinition();
        target(definition);
        return new TargetInfo(property.Name, definition, target.Method);
    }

    private static Type MemberType(MemberInfo member) => member switch
    {
        FieldInfo field => field.FieldType,
        PropertyInfo property => property.PropertyType,
        _ => throw new BuildDefinitionException($"[Parameter] on unsupported member {member.Name}."),
    };

    private static IEnumerable<Type> Hierarchy(Type type)
    {
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            yield return current;
        }
    }
}
