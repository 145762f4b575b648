using Microsoft.Extensions.Logging;

namespace Vexfs.Targets;

/// <summary>
/// Writes log lines synchronously to a plain writer, so they never interleave with the summary table and
/// are never re-wrapped at the terminal width. Information is printed bare (tool output reads as the tool
/// wrote it); other levels are labelled, in colour when the terminal takes ANSI codes.
/// </summary>
public sealed class ConsoleLoggerProvider(TextWriter writer, bool ansi, LogLevel minimum) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new ConsoleLogger(this);

    public void Dispose()
    {
    }

    private bool IsEnabled(LogLevel level) => level >= minimum && level != LogLevel.None;

    private void Write(LogLevel level, string message, Exception? exception)
    {
        var (label, colour) = level switch
        {
            LogLevel.Trace or LogLevel.Debug => ("debug: ", "90"),
            LogLevel.Warning => ("warning: ", "33"),
            LogLevel.Error or LogLevel.Critical => ("error: ", "31"),
            _ => ("", ""),
        };
        var text = label + message + (exception is null ? "" : Environment.NewLine + exception);
        lock (_gate)
        {
            writer.WriteLine(ansi && colour.Length > 0 ? $"\u001b[{colour}m{text}\u001b[0m" : text);
            writer.Flush();
        }
    }

    private sealed class ConsoleLogger(ConsoleLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => provider.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, formatter(state, exception), exception);
            }
        }
    }
}
