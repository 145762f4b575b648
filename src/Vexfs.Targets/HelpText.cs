using System.Collections;
using System.Globalization;

namespace Vexfs.Targets;

/// <summary>The help texts: a parameter's description with its default and sources, the target list.</summary>
internal static class HelpText
{
    public static string Describe(BuildModel model, ParameterSources sources, ParameterMember parameter)
    {
        var fromFile = sources.FromFile(parameter.Name);
        var fallback = fromFile is not null
            ? $"{string.Join(",", fromFile.Value.Tokens)} from {fromFile.Value.File}"
            : Display(parameter.GetValue(model.Build));
        var range = parameter.Attribute.Minimum != long.MinValue || parameter.Attribute.Maximum != long.MaxValue
            ? $" Expected {ValueConverter.Expected(parameter)}."
            : "";
        var defaultText = fallback.Length == 0 ? "" : $" Default: {fallback}.";
        return $"{parameter.Attribute.Description.TrimEnd('.')}.{range}{defaultText} Env: {Naming.ToEnvironmentName(parameter.Name)}.";
    }

    public static void WriteTargets(TextWriter writer, BuildModel model, TargetInfo defaultTarget)
    {
        writer.WriteLine("Targets (run with their dependencies; default marked *):");
        var listed = model.Targets.Where(t => !t.Definition.IsUnlisted).ToList();
        var width = listed.Max(t => t.Name.Length) + 2;
        foreach (var target in listed)
        {
            var marker = target == defaultTarget ? "* " : "  ";
            var dependencies = model.Resolve(target.Definition.Dependencies).Select(t => t.Name).ToList();
            var after = dependencies.Count == 0 ? "" : $" (depends on: {string.Join(", ", dependencies)})";
            writer.WriteLine($"  {marker}{target.Name.PadRight(width)}{target.Definition.DescriptionText}{after}");
        }

        writer.WriteLine();
        writer.WriteLine("Names ignore case and dashes, as in NUKE: vm-integration is VmIntegration, --VmMemory is --vm-memory.");
        writer.WriteLine("Parameters are bound from --kebab-case arguments, then environment variables (NUKE's rule:");
        writer.WriteLine("VM_MEMORY, VMMEMORY or NUKE_VM_MEMORY for VmMemory), then .nuke/parameters.NAME.json of each");
        writer.WriteLine("--profile NAME, then .nuke/parameters.json, then the default.");
    }

    private static string Display(object? value) => value switch
    {
        null => "",
        string text => text,
        Enum e => Naming.EnumValue(e),
        bool b => b ? "true" : "",
        IEnumerable items => string.Join(",", items.Cast<object?>().Select(Display)),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
