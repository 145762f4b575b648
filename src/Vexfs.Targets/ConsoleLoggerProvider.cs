using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Vexfs.Targets;

/// <summary>
/// Writes log lines to the terminal synchronously, so they never interleave with the summary table.
/// Information is printed bare (tool output reads as the tool wrote it); other levels are labelled.
/// </summary>
public sealed class ConsoleLoggerProvider(IAnsiConsole console, LogLevel minimum) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new ConsoleLogger(this);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string message, Exception? exception)
    {
        var (label, style) = level switch
        {
            LogLevel.Trace or LogLevel.Debug => ("debug: ", new Style(Color.Grey)),
            LogLevel.Warning => ("warning: ", new Style(Color.Yellow)),
            LogLevel.Error or LogLevel.Critical => ("error: ", new Style(Color.Red)),
            _ => ("", Style.Plain),
        };
        lock (_gate)
        {
            console.Write(new Text(label + message + Environment.NewLine, style));
            if (exception is not null)
            {
                console.Write(new Text(exception + Environment.NewLine, new Style(Color.Grey)));
            }
        }
    }

    private sealed class ConsoleLogger(ConsoleLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider._minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, formatter(state, exception), exception);
            }
        }
    }

    private readonly LogLevel _minimum = minimum;
}
