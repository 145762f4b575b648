namespace Vexctl.Cli;

/// <summary>Where a command reads and writes; the console in the binary, string writers in tests.</summary>
internal sealed record CliIo(TextWriter Out, TextWriter Error, Func<Stream> OpenStdin)
{
    public static CliIo FromConsole() => new(Console.Out, Console.Error, Console.OpenStandardInput);
}
