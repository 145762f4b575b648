using System.Globalization;

namespace Vexfs.Targets;

/// <summary>
/// Converts the raw strings of one source (arguments, an environment variable, parameters.json) into a
/// parameter's type; every source goes through here so they accept and reject the same values.
/// </summary>
internal static class ValueConverter
{
    public static bool TryConvert(ParameterMember parameter, IReadOnlyList<string> tokens, out object? value, out string error)
    {
        value = null;
        error = "";
        if (parameter.IsArray)
        {
            var parts = tokens
                .SelectMany(t => t.Split(parameter.Attribute.Separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToList();
            var array = Array.CreateInstance(parameter.Type.GetElementType()!, parts.Count);
            for (var i = 0; i < parts.Count; i++)
            {
                if (!TryConvertOne(parameter, parts[i], out var element, out error))
                {
                    return false;
                }

                array.SetValue(element, i);
            }

            value = array;
            return true;
        }

        if (tokens.Count == 0 && parameter.IsBool)
        {
            value = true;
            return true;
        }

        if (tokens.Count != 1)
        {
            error = $"{parameter.OptionName} takes one value ({Expected(parameter)}), got {tokens.Count}.";
            return false;
        }

        return TryConvertOne(parameter, tokens[0], out value, out error);
    }

    /// <summary>What a valid value looks like, for errors and help.</summary>
    public static string Expected(ParameterMember parameter)
    {
        var type = parameter.ElementType;
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Naming.EnumValues(type));
        }

        if (type == typeof(int) || type == typeof(long))
        {
            var (min, max) = (parameter.Attribute.Minimum, parameter.Attribute.Maximum);
            return (min, max) switch
            {
                (long.MinValue, long.MaxValue) => "an integer",
                (_, long.MaxValue) => $"an integer of at least {min}",
                (long.MinValue, _) => $"an integer of at most {max}",
                _ => $"an integer from {min} to {max}",
            };
        }

        return type == typeof(bool) ? "true or false"
            : type == typeof(double) ? "a number"
            : type == typeof(TimeSpan) ? "seconds or a time span (hh:mm:ss)"
            : "text";
    }

    private static bool TryConvertOne(ParameterMember parameter, string text, out object? value, out string error)
    {
        value = Parse(parameter.ElementType, text.Trim());
        error = value is null
            ? $"Invalid value '{text}' for {parameter.OptionName}: expected {Expected(parameter)}."
            : OutOfRange(parameter, value, text);
        return error.Length == 0;
    }

    private static object? Parse(Type type, string text)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(string))
        {
            return text;
        }

        if (type.IsEnum)
        {
            return Enum.GetValues(type).Cast<Enum>().FirstOrDefault(v =>
                string.Equals(Naming.EnumValue(v), text, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(v.ToString(), text, StringComparison.OrdinalIgnoreCase));
        }

        return type switch
        {
            _ when type == typeof(int) => int.TryParse(text, NumberStyles.Integer, invariant, out var i) ? i : null,
            _ when type == typeof(long) => long.TryParse(text, NumberStyles.Integer, invariant, out var l) ? l : null,
            _ when type == typeof(double) => double.TryParse(text, NumberStyles.Float, invariant, out var d) ? d : null,
            _ when type == typeof(bool) => ParseBool(text),
            _ when type == typeof(TimeSpan) => int.TryParse(text, NumberStyles.Integer, invariant, out var s)
                ? TimeSpan.FromSeconds(s)
                : TimeSpan.TryParse(text, invariant, out var span) ? span : null,
            _ => throw new BuildDefinitionException($"Parameters of type {type.Name} are not supported."),
        };
    }

    private static object? ParseBool(string text) => text.ToUpperInvariant() switch
    {
        "TRUE" or "1" or "YES" or "ON" => true,
        "FALSE" or "0" or "NO" or "OFF" => false,
        _ => null,
    };

    private static string OutOfRange(ParameterMember parameter, object value, string text)
    {
        var number = value switch
        {
            int i => i,
            long l => l,
            _ => (long?)null,
        };
        var (min, max) = (parameter.Attribute.Minimum, parameter.Attribute.Maximum);
        return number is { } n && (n < min || n > max)
            ? $"Invalid value '{text}' for {parameter.OptionName}: expected {Expected(parameter)}."
            : "";
    }
}
