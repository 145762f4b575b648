using Vexctl.Cli;

namespace Vexctl.Vectors;

/// <summary>Reads vector text from a file or, for "-", from standard input.</summary>
internal static class VectorSource
{
    public static async Task<string> ReadAsync(string path, CliIo io, CancellationToken cancellationToken)
    {
        using var reader = OpenReader(path, io);
        try
        {
            return await reader.ReadToEndAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotRead(path, e);
        }
    }

    /// <summary>A reader over the file, or over standard input for "-"; the caller disposes it.</summary>
    public static TextReader OpenReader(string path, CliIo io, string what = "the vector")
    {
        if (path == "-")
        {
            return new StreamReader(io.OpenStdin());
        }

        try
        {
            return new StreamReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotRead(path, e, what);
        }
    }

    private static VexctlException CannotRead(string path, Exception e, string what = "the vector") =>
        new(ExitCodes.Failure, $"cannot read {what} from {path}: {e.Message}", e);
}
