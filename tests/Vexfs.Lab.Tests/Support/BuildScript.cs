using System.Diagnostics;
using System.Text;

namespace Vexfs.Lab.Tests.Support;

/// <summary>
/// The real ./build.sh of this checkout as a child process: output captured, signals delivered by pid,
/// killed at dispose if it is still running. The process is the build itself (build.sh execs dotnet).
/// </summary>
internal sealed class BuildScript : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BuildScript(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="environment">Overrides (a null value removes the variable).</param>
    public static BuildScript Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        // Through env --default-signal=INT (which execs build.sh, which execs dotnet: one pid): a test run
        // started in the background of a non-interactive shell ignores SIGINT, and an ignored signal stays
        // ignored across exec, so the Ctrl-C the tests send would never reach the build.
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            WorkingDirectory = RepoRoot.Find(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add(Path.Combine(RepoRoot.Find(), "build.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild variables would confuse build.sh's own `dotnet build` of build/.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        return new BuildScript(Process.Start(start) ?? throw new InvalidOperationException("./build.sh did not start"));
    }

    /// <summary>Runs ./build.sh to the end: (exit code, everything it printed).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, CancellationToken ct, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var build = Start(arguments, environment);
        var code = await build.WaitAsync(TimeSpan.FromMinutes(10), ct);
        return (code, build.Output);
    }

    public async Task<int> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        await _process.WaitForExitAsync(limit.Token);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>Waits until the output contains <paramref name="text"/> (fails if the build ends or the time is up first).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || watch.Elapsed > timeout)
            {
                throw new TimeoutException($"./build.sh did not print '{text}' within {timeout.TotalSeconds:F0} s (exited: {_process.HasExited}); output:\n{Output}");
            }

            await Task.Delay(200, ct);
        }
    }

    /// <summary>Sends a signal by number (2 SIGINT, 9 SIGKILL) with kill(1).</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
