namespace Vexfs.Targets;

/// <summary>
/// Orders the invoked targets with everything they pull in (DependsOn, Triggers), honouring the ordering-only
/// relations (After, Before) between targets of the plan. Any cycle in the build is an error naming it.
/// </summary>
internal static class ExecutionPlanner
{
    public static IReadOnlyList<TargetInfo> Plan(BuildModel model, IReadOnlyList<TargetInfo> invoked)
    {
        var predecessors = Predecessors(model);
        ThrowOnCycle(model, predecessors);

        var members = new HashSet<TargetInfo>();
        var pending = new Stack<TargetInfo>(invoked);
        while (pending.TryPop(out var target))
        {
            if (members.Add(target))
            {
                foreach (var next in model.Resolve(target.Definition.Dependencies.Concat(target.Definition.Triggered)))
                {
                    pending.Push(next);
                }
            }
        }

        var order = new List<TargetInfo>();
        var placed = new HashSet<TargetInfo>();
        foreach (var root in invoked.Concat(model.Targets.Where(members.Contains)))
        {
            Place(root);
        }

        return order;

        void Place(TargetInfo target)
        {
            if (!placed.Add(target))
            {
                return;
            }

            foreach (var before in predecessors[target].Where(members.Contains))
            {
                Place(before);
            }

            order.Add(target);
        }
    }

    /// <summary>For each target, the targets that must run before it when both are planned, in declaration order.</summary>
    private static Dictionary<TargetInfo, List<TargetInfo>> Predecessors(BuildModel model)
    {
        var result = model.Targets.ToDictionary(t => t, t =>
            model.Resolve(t.Definition.Dependencies).Concat(model.Resolve(t.Definition.Afters)).ToList());
        foreach (var target in model.Targets)
        {
            foreach (var later in model.Resolve(target.Definition.Befores.Concat(target.Definition.Triggered)))
            {
                result[later].Add(target);
            }
        }

        return result;
    }

    private static void ThrowOnCycle(BuildModel model, Dictionary<TargetInfo, List<TargetInfo>> predecessors)
    {
        var done = new HashSet<TargetInfo>();
        var path = new List<TargetInfo>();
        foreach (var target in model.Targets)
        {
            Visit(target);
        }

        void Visit(TargetInfo target)
        {
            var index = path.IndexOf(target);
            if (index >= 0)
            {
                var cycle = path.Skip(index).Append(target).Reverse().Select(t => t.Name);
                throw new BuildDefinitionException(
                    $"The targets form a cycle: {string.Join(" -> ", cycle)} (each must run before the next).");
            }

            if (done.Contains(target))
            {
                return;
            }

            path.Add(target);
            foreach (var before in predecessors[target])
            {
                Visit(before);
            }

            path.RemoveAt(path.Count - 1);
            done.Add(target);
        }
    }
}
