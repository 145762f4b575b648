using Microsoft.Extensions.Logging;

namespace Vexfs.Lab.Pipeline;

/// <summary>
/// Loggers whose every message starts with the kernel's name, so the lines of kernels run side by side
/// (--parallel) can be told apart.
/// </summary>
public sealed class KernelPrefixedLoggers(ILoggerFactory inner, string kernel) : ILoggerFactory
{
    private readonly string prefix = $"[{kernel}] ";

    public ILogger CreateLogger(string categoryName) => new PrefixedLogger(inner.CreateLogger(categoryName), prefix);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The inner factory belongs to the caller; nothing to release here.</summary>
    public void Dispose()
    {
    }

    private sealed class PrefixedLogger(ILogger inner, string prefix) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, (s, e) => prefix + formatter(s, e));
    }
}
