using Microsoft.Extensions.Logging;

namespace Vexfs.Lab.Tests.Support;

internal static class TestLoggerExtensions
{
    public static ILogger<T> For<T>(this ILoggerFactory factory) => new Logger<T>(factory);
}
