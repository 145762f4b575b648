using Microsoft.Extensions.Logging;

namespace Vexfs.Lab.Tests.Support;

/// <summary>Routes the lab's ILogger output into the xUnit test output.</summary>
internal sealed class TestOutputLoggerFactory(ITestOutputHelper output, LogLevel minimum = LogLevel.Information) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(output, categoryName, minimum);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("the test logger has one sink");

    public void Dispose()
    {
    }

    private sealed class TestOutputLogger(ITestOutputHelper output, string category, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var name = category[(category.LastIndexOf('.') + 1)..];
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.f} {logLevel,-11} {name}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception.Message)}");
            }
        }
    }
}
