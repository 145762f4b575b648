using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace Vexfs.Targets;

/// <summary>
/// The System.CommandLine model of a build: positional targets, NUKE's own options (--skip, --plan, --target,
/// --verbosity, --root, --profile, --continue) and one --kebab-case option per parameter, each validated by the same converter the
/// environment and parameters.json go through.
/// </summary>
internal sealed class BuildCommandLine
{
    private readonly Dictionary<ParameterMember, Option> _parameterOptions = [];

    public BuildCommandLine(BuildModel model, ParameterSources sources, TargetInfo defaultTarget)
    {
        Root = new RootCommand($"The VexFS build. Targets run with their dependencies; the default is {defaultTarget.Name}.");
        Targets.Validators.Add(result => ValidateTargets(result, model, result.Tokens.Select(t => t.Value)));
        TargetOption.Validators.Add(result => ValidateTargets(result, model, result.Tokens.Select(t => t.Value)));
        Skip.Validators.Add(result => ValidateTargets(result, model, result.Tokens.Select(t => t.Value)));
        Verbosity.AcceptOnlyFromAmong(Enum.GetNames<Verbosity>());
        Root.Arguments.Add(Targets);
        foreach (var option in new Option[] { Skip, Plan, TargetOption, Verbosity, RootOption, Profile, Continue })
        {
            Root.Options.Add(option);
        }

        foreach (var parameter in model.Parameters)
        {
            var option = ParameterOptionFactory.Create(parameter, HelpText.Describe(model, sources, parameter));
            _parameterOptions[parameter] = option;
            Root.Options.Add(option);
        }

        var help = Root.Options.OfType<HelpOption>().Single();
        help.Action = new TargetHelpAction((HelpAction)help.Action!, model, defaultTarget);
        Help = help;
    }

    public RootCommand Root { get; }

    public HelpOption Help { get; }

    public Argument<string[]> Targets { get; } = new("targets")
    {
        Description = "Targets to run (case-insensitive), with their dependencies.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string[]> TargetOption { get; } = new("--target")
    {
        Description = "Targets to run, as an option (same as naming them positionally).",
        AllowMultipleArgumentsPerToken = true,
        Hidden = true,
    };

    public Option<string[]> Skip { get; } = new("--skip")
    {
        Description = "Targets to skip; --skip alone skips every target not named on the command line.",
        HelpName = "targets",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<bool> Plan { get; } = new("--plan") { Description = "Print the execution order without running." };

    public Option<string> RootOption { get; } = new(EngineArguments.Root)
    {
        Description = "The repository root (the folder holding .nuke/); default: the nearest one above the current folder.",
        HelpName = "directory",
    };

    public Option<string[]> Profile { get; } = new(EngineArguments.Profile)
    {
        Description = "Read parameters from .nuke/parameters.NAME.json too (over parameters.json; several in turn).",
        HelpName = "name",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<bool> Continue { get; } = new(EngineArguments.Continue)
    {
        Description = "After a target fails, still run the planned targets that do not depend on it.",
    };

    /// <summary>Every option name and alias the parse knows, for NUKE's spelling rule.</summary>
    public IReadOnlyCollection<string> OptionNames =>
        [.. Root.Options.SelectMany(o => o.Aliases.Prepend(o.Name))];

    public Option<string> Verbosity { get; } = new("--verbosity")
    {
        Description = "Logging verbosity: Verbose, Normal (default), Minimal, Quiet.",
    };

    /// <summary>The raw tokens the command line gave a parameter, or null when it was not given.</summary>
    public IReadOnlyList<string>? ArgumentsFor(ParseResult parse, ParameterMember parameter) =>
        parse.GetResult(_parameterOptions[parameter]) is { Implicit: false } result
            ? [.. result.Tokens.Select(t => t.Value)]
            : null;

    private void ValidateTargets(SymbolResult result, BuildModel model, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (name.StartsWith('-'))
            {
                var options = Root.Options.Where(o => !o.Hidden).Select(o => o.Name);
                var hint = Naming.Suggest(name, options) is { } s ? $" Did you mean '{s}'?" : "";
                result.AddError($"Unknown parameter '{name}'.{hint} Run with --help to list the parameters.");
            }
            else if (model.Find(name) is null)
            {
                var known = string.Join(", ", model.Targets.Where(t => !t.Definition.IsUnlisted).Select(t => t.Name));
                var hint = Naming.Suggest(name, model.Targets.Select(t => t.Name)) is { } s ? $" Did you mean '{s}'?" : "";
                result.AddError($"Unknown target '{name}'.{hint} Known targets: {known}.");
            }
        }
    }
}
