using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;
using Vexctl.Abi;

namespace Vexctl.Commands;

/// <summary>Range and exclusivity checks attached to options, so violations are parse errors (exit 2).</summary>
internal static class Validation
{
    public static void InRange(Option<int> option, int min, int max) =>
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < min || value > max)
            {
                result.AddError($"{option.Name} {value} is out of range: give {min}..{max}");
            }
        });

    public static void InRange(Option<int?> option, int min, int max) =>
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && (value < min || value > max))
            {
                result.AddError($"{option.Name} {value} is out of range: give {min}..{max}");
            }
        });

    public static void MaxUtf8Bytes(Option<string> option, int max) =>
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && Encoding.UTF8.GetByteCount(value) > max)
            {
                result.AddError($"{option.Name} is {Encoding.UTF8.GetByteCount(value)} bytes; at most {max} fit");
            }
        });

    /// <summary>Exactly one of the two symbols must be given.</summary>
    public static void ExactlyOne(Command command, Symbol first, Symbol second, string what) =>
        command.Validators.Add(result =>
        {
            var count = (Given(result, first) ? 1 : 0) + (Given(result, second) ? 1 : 0);
            if (count != 1)
            {
                result.AddError($"give exactly one of {Describe(first)} and {Describe(second)} ({what})");
            }
        });

    public static Option<int> KOption() =>
        WithRange(new Option<int>("--k", "-k") { Description = $"Number of nearest files to return (1..{VexfsAbi.MaxK})", DefaultValueFactory = _ => 10 }, 1, VexfsAbi.MaxK);

    public static Option<string> MetricOption()
    {
        var metric = new Option<string>("--metric")
        {
            Description = "l2: squared Euclidean distance; dot: -(dot product)",
            DefaultValueFactory = _ => "l2",
        };
        metric.AcceptOnlyFromAmong("l2", "dot");
        return metric;
    }

    public static uint Metric(string name) => name == "dot" ? VexfsAbi.MetricDot : VexfsAbi.MetricL2;

    private static Option<int> WithRange(Option<int> option, int min, int max)
    {
        InRange(option, min, max);
        return option;
    }

    private static bool Given(CommandResult result, Symbol symbol) => symbol switch
    {
        Option o => result.GetResult(o) is { Implicit: false },
        Argument a => result.GetResult(a) is { Tokens.Count: > 0 },
        _ => false,
    };

    private static string Describe(Symbol symbol) => symbol is Option o ? o.Name : symbol.Name.ToUpperInvariant();
}
