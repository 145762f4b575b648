using System.Diagnostics;

namespace Vexctl.Tests.Support;

/// <summary>Compiles a C program with the host gcc and runs it; a missing gcc fails the test with what to install.</summary>
internal static class CProgram
{
    public static async Task<string> CompileAndRunAsync(string source, string? arguments = null)
    {
        var dir = Directory.CreateTempSubdirectory("vexctl-ctest-");
        try
        {
            var c = Path.Combine(dir.FullName, "probe.c");
            var exe = Path.Combine(dir.FullName, "probe");
            await File.WriteAllTextAsync(c, source, TestContext.Current.CancellationToken);
            var gcc = FindGcc() ?? throw new InvalidOperationException(
                "gcc not found on PATH: the ABI tests compile C against vexfs.h; install it with: apt-get install gcc libc6-dev linux-libc-dev");
            var (code, output, error) = await RunAsync(gcc, $"-std=gnu11 -Wall -Werror -o \"{exe}\" \"{c}\"");
            Assert.True(code == 0, $"gcc failed ({code}):\n{error}\n{output}\n--- source ---\n{source}");
            (code, output, error) = await RunAsync(exe, arguments ?? "");
            Assert.True(code == 0, $"probe failed ({code}): {error}");
            return output;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string? FindGcc() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Path.Combine(p, "gcc"))
            .FirstOrDefault(File.Exists);

    private static async Task<(int Code, string Output, string Error)> RunAsync(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
