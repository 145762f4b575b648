using System.CommandLine;
using Vexctl.Cli;
using Vexctl.Device;
using Vexctl.Vectors;

namespace Vexctl.Commands;

/// <summary>`vexctl vec import FILE|-`: sets the vectors of many files in one process.</summary>
internal static class VecImportCommand
{
    public static Command Create(CliIo io)
    {
        var input = new Argument<string>("INPUT") { Description = "File of PATH<TAB>VALUES lines, or '-' for stdin" };
        var quantize = new Option<bool>("--quantize", "-q") { Description = "Values are real numbers: scale each vector to int8 (q = round(v*127/max|v|))" };
        var command = new Command(
            "import",
            "Set the vectors of many files: one PATH<TAB>VALUES line each (VALUES as for vec set); '#' lines and blank lines are skipped") { input, quantize };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetRequiredValue(input);
            var source = path == "-" ? "stdin" : path;
            IReadOnlyList<ImportLine> lines;
            using (var reader = VectorSource.OpenReader(path, io, "the vectors to import"))
            {
                lines = await ReadAsync(reader, source, parse.GetValue(quantize), ct);
            }

            for (var i = 0; i < lines.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                SetOne(lines[i], source, i, lines.Count);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<IReadOnlyList<ImportLine>> ReadAsync(TextReader reader, string source, bool quantize, CancellationToken ct)
    {
        try
        {
            return await ImportReader.ReadAsync(reader, source, quantize, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VexctlException(ExitCodes.Failure, $"cannot read {source}: {e.Message}", e);
        }
    }

    private static void SetOne(ImportLine line, string source, int done, int total)
    {
        try
        {
            using var target = VexfsFile.Open(line.Path, "vec import", write: true);
            target.SetVector(line.Vector);
        }
        catch (VexctlException e)
        {
            throw new VexctlException(
                e.ExitCode,
                $"{source} line {line.LineNumber}: {e.Message} ({done} of {total} vectors were set before this line; fix it and import again: setting a vector again replaces it)",
                e);
        }
    }
}
