using Vexctl.Cli;

namespace Vexctl.Vectors;

/// <summary>Reads vector text from a file or, for "-", from standard input.</summary>
internal static class VectorSource
{
    public static async Task<string> ReadAsync(string path, CliIo io, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            await using var stdin = io.OpenStdin();
            using var reader = new StreamReader(stdin);
            return await reader.ReadToEndAsync(cancellationToken);
        }

        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VexctlException(ExitCodes.Failure, $"cannot read the vector from {path}: {e.Message}", e);
        }
    }
}
