using System.Linq.Expressions;

namespace Vexfs.Targets;

/// <summary>The fluent surface a target declaration uses; the names follow NUKE.</summary>
public interface ITargetDefinition
{
    /// <summary>Shown by <c>--help</c> and in the schema.</summary>
    ITargetDefinition Description(string description);

    /// <summary>These targets run first and are pulled into the plan.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>Runs after these targets when both are in the plan (ordering only).</summary>
    ITargetDefinition After(params Target[] targets);

    /// <summary>Runs before these targets when both are in the plan (ordering only).</summary>
    ITargetDefinition Before(params Target[] targets);

    /// <summary>These targets are added to the plan and run after this one.</summary>
    ITargetDefinition Triggers(params Target[] targets);

    /// <summary>The target is skipped when any condition is false at the moment it would run.</summary>
    ITargetDefinition OnlyWhen(Func<bool> condition);

    /// <summary>The build fails before any target runs when one of these parameters is unset.</summary>
    ITargetDefinition Requires(params Expression<Func<object?>>[] parameters);

    /// <summary>Hidden from <c>--help</c> (still runnable and in the schema).</summary>
    ITargetDefinition Unlisted();

    /// <summary>
    /// Input globs relative to the root (e.g. <c>src/**/*.cs</c>, <c>!**/bin/**</c> to exclude). When they hash
    /// as at the target's last success the target is reported UpToDate and not run.
    /// </summary>
    ITargetDefinition Inputs(params string[] globs);

    /// <summary>Files the target makes (relative to the root): with <see cref="Inputs"/>, it is UpToDate only while they all exist.</summary>
    ITargetDefinition Outputs(params string[] paths);

    ITargetDefinition Executes(Action action);

    ITargetDefinition Executes(Func<Task> action);

    ITargetDefinition Executes(Func<CancellationToken, Task> action);
}
