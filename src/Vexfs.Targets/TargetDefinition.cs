using System.Linq.Expressions;

namespace Vexfs.Targets;

/// <summary>What one target declaration recorded; read by the planner and the executor.</summary>
internal sealed class TargetDefinition : ITargetDefinition
{
    public string? DescriptionText { get; private set; }
    public List<Target> Dependencies { get; } = [];
    public List<Target> Afters { get; } = [];
    public List<Target> Befores { get; } = [];
    public List<Target> Triggered { get; } = [];
    public List<Func<bool>> Conditions { get; } = [];
    public List<Expression<Func<object?>>> Requirements { get; } = [];
    public List<string> InputGlobs { get; } = [];
    public List<string> OutputPaths { get; } = [];
    public List<Func<CancellationToken, Task>> Actions { get; } = [];
    public bool IsUnlisted { get; private set; }

    public ITargetDefinition Description(string description)
    {
        DescriptionText = description;
        return this;
    }

    public ITargetDefinition DependsOn(params Target[] targets) => Add(Dependencies, targets);

    public ITargetDefinition After(params Target[] targets) => Add(Afters, targets);

    public ITargetDefinition Before(params Target[] targets) => Add(Befores, targets);

    public ITargetDefinition Triggers(params Target[] targets) => Add(Triggered, targets);

    public ITargetDefinition OnlyWhen(Func<bool> condition) => Add(Conditions, [condition]);

    public ITargetDefinition Requires(params Expression<Func<object?>>[] parameters) => Add(Requirements, parameters);

    public ITargetDefinition Inputs(params string[] globs) => Add(InputGlobs, globs);

    public ITargetDefinition Outputs(params string[] paths) => Add(OutputPaths, paths);

    public ITargetDefinition Unlisted()
    {
        IsUnlisted = true;
        return this;
    }

    public ITargetDefinition Executes(Action action) =>
        Executes(_ =>
        {
            action();
            return Task.CompletedTask;
        });

    public ITargetDefinition Executes(Func<Task> action) => Executes(_ => action());

    public ITargetDefinition Executes(Func<CancellationToken, Task> action) => Add(Actions, [action]);

    private TargetDefinition Add<T>(List<T> list, IEnumerable<T> items)
    {
        list.AddRange(items);
        return this;
    }
}
