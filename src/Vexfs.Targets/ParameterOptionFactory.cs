using System.CommandLine;

namespace Vexfs.Targets;

/// <summary>Makes the System.CommandLine option for one parameter: its arity, help name and validator.</summary>
internal static class ParameterOptionFactory
{
    public static Option Create(ParameterMember parameter, string description)
    {
        Option option = parameter switch
        {
            { IsBool: true } => new Option<bool>(parameter.OptionName),
            { IsArray: true } => new Option<string[]>(parameter.OptionName)
            {
                Arity = ArgumentArity.OneOrMore,
                AllowMultipleArgumentsPerToken = true,
            },
            _ => new Option<string>(parameter.OptionName),
        };
        option.Description = description;
        option.HelpName = HelpName(parameter);
        if (parameter.ElementType.IsEnum)
        {
            option.CompletionSources.Add(Naming.EnumValues(parameter.ElementType).ToArray());
        }

        option.Validators.Add(result =>
        {
            var tokens = result.Tokens.Select(t => t.Value).ToList();
            if (!ValueConverter.TryConvert(parameter, tokens, out _, out var error))
            {
                result.AddError(error);
            }
        });
        return option;
    }

    private static string HelpName(ParameterMember parameter)
    {
        var type = parameter.ElementType;
        var element = type.IsEnum ? string.Join('|', Naming.EnumValues(type))
            : type == typeof(int) || type == typeof(long) ? "int"
            : type == typeof(TimeSpan) ? "seconds"
            : type == typeof(bool) ? "bool"
            : type == typeof(double) ? "number"
            : "string";
        return parameter.IsArray ? element + "[,...]" : element;
    }
}
