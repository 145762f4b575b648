using System.CommandLine;
using Vexctl.Abi;
using Vexctl.Cli;
using Vexctl.Device;
using Vexctl.Output;
using Vexctl.Vectors;

namespace Vexctl.Commands;

/// <summary>`vexctl vec set|get|clear FILE`: the vector of one file (`vec import` is in its own file).</summary>
internal static class VecCommand
{
    public static Command Create(CliIo io) =>
        new("vec", "Set, show or clear the vector of a file on a vexfs mount, or import many") { Set(io), Get(io), Clear(), VecImportCommand.Create(io) };

    private static Command Set(CliIo io)
    {
        var file = new Argument<string>("FILE") { Description = "Regular file on a vexfs mount" };
        var values = new Argument<string?>("VALUES")
        {
            Description = "Comma/space-separated values, e.g. 1,-2,3 (put -- before a vector that starts with '-')",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var from = new Option<string?>("--from") { Description = "Read the values from a file, or '-' for stdin" };
        var quantize = new Option<bool>("--quantize", "-q") { Description = "Values are real numbers: scale them to int8 (q = round(v*127/max|v|))" };
        var command = new Command("set", "Set the vector of FILE (integers -128..127, or reals with --quantize)") { file, values, from, quantize };
        Validation.ExactlyOne(command, values, from, "the vector");
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            var text = parse.GetValue(from) is { } source ? await VectorSource.ReadAsync(source, io, ct) : parse.GetValue(values) ?? "";
            var vector = VectorParser.Parse(text, parse.GetValue(quantize));
            using var target = VexfsFile.Open(path, "vec set", write: true);
            target.SetVector(vector);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Get(CliIo io)
    {
        var file = new Argument<string>("FILE") { Description = "Regular file on a vexfs mount" };
        var json = new Option<bool>("--json") { Description = "Print {\"path\",\"dim\",\"vector\"} as JSON" };
        var dim = new Option<int?>("--dim") { Description = "The filesystem's dimension (default: read from vexctl status)" };
        Validation.InRange(dim, 1, VexfsAbi.MaxDim);
        var command = new Command("get", "Print the vector of FILE (comma-separated, or JSON)") { file, json, dim };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            var dimension = parse.GetValue(dim) ?? DimensionLookup.ForPath(path, "vec get");
            sbyte[] vector;
            using (var target = VexfsFile.Open(path, "vec get", write: false))
            {
                vector = target.GetVector(dimension);
            }

            var values = vector.Select(v => (int)v).ToList();
            var text = parse.GetValue(json)
                ? OutputWriter.Json(new VectorReport(path, values.Count, values), VexctlJsonContext.Default.VectorReport)
                : TextFormatter.Vector(values);
            await OutputWriter.WriteAsync(io, text, ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Clear()
    {
        var file = new Argument<string>("FILE") { Description = "Regular file on a vexfs mount" };
        var command = new Command("clear", "Remove the vector of FILE") { file };
        command.SetAction(parse =>
        {
            using var target = VexfsFile.Open(parse.GetRequiredValue(file), "vec clear", write: true);
            target.ClearVector();
            return ExitCodes.Ok;
        });
        return command;
    }
}
