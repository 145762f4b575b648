using Vexctl.Cli;

namespace Vexctl.Vectors;

/// <summary>
/// Parses `vec import` input: one "PATH&lt;TAB&gt;VALUES" line per file, VALUES in the syntax of `vec set`.
/// Blank lines and lines starting with '#' are skipped. The whole input is parsed before any vector is
/// set, so a typo on line 900 changes nothing.
/// </summary>
internal static class ImportReader
{
    public static async Task<IReadOnlyList<ImportLine>> ReadAsync(TextReader reader, string source, bool quantize, CancellationToken cancellationToken)
    {
        var lines = new List<ImportLine>();
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line) || line[0] == '#')
            {
                continue;
            }

            lines.Add(ParseLine(line, number, source, quantize));
        }

        return lines;
    }

    private static ImportLine ParseLine(string line, int number, string source, bool quantize)
    {
        var tab = line.IndexOf('\t', StringComparison.Ordinal);
        if (tab < 0)
        {
            throw VexctlException.Usage($"{source} line {number}: no TAB: give PATH<TAB>VALUES, e.g. /mnt/a.txt<TAB>1,-2,3");
        }

        if (tab == 0)
        {
            throw VexctlException.Usage($"{source} line {number}: the path is empty: give PATH<TAB>VALUES");
        }

        try
        {
            return new ImportLine(number, line[..tab], VectorParser.Parse(line[(tab + 1)..], quantize));
        }
        catch (VexctlException e)
        {
            throw new VexctlException(e.ExitCode, $"{source} line {number}: {e.Message}", e);
        }
    }
}
