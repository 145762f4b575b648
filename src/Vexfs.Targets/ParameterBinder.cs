namespace Vexfs.Targets;

/// <summary>
/// Sets each parameter from the first source that has it: argument, environment variable, parameters file (profile over parameters.json),
/// else the member's initializer stays. Returns every error rather than stopping at the first.
/// </summary>
internal static class ParameterBinder
{
    public static IReadOnlyList<string> Bind(
        BuildModel model,
        ParameterSources sources,
        Func<ParameterMember, IReadOnlyList<string>?> fromArguments)
    {
        var errors = new List<string>();
        foreach (var parameter in model.Parameters)
        {
            var (tokens, origin) = Lookup(parameter, sources, fromArguments);
            if (tokens is null)
            {
                continue;
            }

            if (ValueConverter.TryConvert(parameter, tokens, out var value, out var error))
            {
                parameter.SetValue(model.Build, value);
            }
            else
            {
                errors.Add(origin.Length == 0 ? error : $"{error} (from {origin})");
            }
        }

        var unknown = sources.FileKeys
            .Where(k => model.Parameters.All(p => !Naming.SameName(k.Key, p.Name)))
            .Select(k => $"{k.File} sets '{k.Key}', which is not a parameter of this build"
                + (Naming.Suggest(k.Key, model.Parameters.Select(p => p.Name)) is { } s ? $" (did you mean '{s}'?)." : "."));
        errors.AddRange(unknown);
        return errors;
    }

    private static (IReadOnlyList<string>? Tokens, string Origin) Lookup(
        ParameterMember parameter,
        ParameterSources sources,
        Func<ParameterMember, IReadOnlyList<string>?> fromArguments)
    {
        if (fromArguments(parameter) is { } arguments)
        {
            return (arguments, "");
        }

        if (sources.FromEnvironment(parameter.Name) is { } variable)
        {
            return ([variable.Value], $"environment variable {variable.Name}");
        }

        return sources.FromFile(parameter.Name) is { } fromFile
            ? (fromFile.Tokens, fromFile.File)
            : (null, "");
    }
}
