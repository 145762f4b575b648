using System.Linq.Expressions;
using System.Reflection;

namespace Vexfs.Targets;

/// <summary>Checks every <c>Requires(() => Param)</c> of the targets about to run, before any of them runs.</summary>
internal static class RequirementChecker
{
    public static void Check(BuildModel model, IEnumerable<TargetInfo> targets)
    {
        var missing = new List<string>();
        foreach (var target in targets)
        {
            foreach (var requirement in target.Definition.Requirements)
            {
                var member = MemberOf(requirement);
                if (ParameterMember.IsUnset(requirement.Compile()()))
                {
                    var parameter = model.Parameters.FirstOrDefault(p => p.Member.Name == member.Name);
                    var how = parameter is null
                        ? member.Name
                        : $"{parameter.OptionName} (or environment variable {Naming.ToEnvironmentName(parameter.Name)}, or \"{parameter.Name}\" in .nuke/parameters.json)";
                    missing.Add($"Target {target.Name} requires {member.Name}: set {how}.");
                }
            }
        }

        if (missing.Count > 0)
        {
            throw new UsageException(string.Join(Environment.NewLine + "error: ", missing));
        }
    }

    private static MemberInfo MemberOf(Expression<Func<object?>> expression)
    {
        var body = expression.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : expression.Body;
        return body is MemberExpression member
            ? member.Member
            : throw new BuildDefinitionException($"Requires takes a parameter member, as in () => Kernel; got {expression.Body}.");
    }
}
