namespace Vexfs.Targets;

/// <summary>The <c>--plan</c> output: the targets in execution order, skipped ones marked.</summary>
internal static class PlanPrinter
{
    public static void Write(TextWriter writer, IReadOnlyList<TargetInfo> plan, IReadOnlySet<TargetInfo> skipped)
    {
        writer.WriteLine("Execution plan:");
        for (var i = 0; i < plan.Count; i++)
        {
            var note = skipped.Contains(plan[i]) ? "  (skipped)" : "";
            writer.WriteLine($"  {i + 1}. {plan[i].Name}{note}");
        }
    }
}
