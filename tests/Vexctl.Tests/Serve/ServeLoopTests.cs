using System.Diagnostics;
using Vexctl.Serve;

namespace Vexctl.Tests.Serve;

/// <summary>
/// A real server (in this process) and real bash clients sourcing its script. Not parallel with other tests: a
/// request runs in the caller's working directory, which is the process's.
/// </summary>
[Collection(ServeGroup.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ServeLoopTests : IAsyncLifetime
{
    private readonly string dir = Directory.CreateTempSubdirectory("vexctl-serve-").FullName;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? owner;
    private Task<int>? server;

    public async ValueTask InitializeAsync()
    {
        // The stand-in for the vexctl binary on PATH: what the client falls back to.
        var bin = Directory.CreateDirectory(Path.Combine(dir, "bin")).FullName;
        await File.WriteAllTextAsync(Path.Combine(bin, "vexctl"), "#!/bin/sh\necho \"binary $*\"\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(Path.Combine(bin, "vexctl"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        owner = Process.Start("sleep", "600");
        var loop = new ServeLoop(dir, owner.Id, Program.RunAsync, () =>
        {
            ready.TrySetResult();
            return Task.CompletedTask;
        });
        server = Task.Factory.StartNew(() => loop.RunAsync(CancellationToken.None), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        await Task.WhenAny(ready.Task, server).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.True(ready.Task.IsCompleted, $"the server did not start: {server.Exception}");
    }

    public async ValueTask DisposeAsync()
    {
        if (owner is { HasExited: false })
        {
            owner.Kill();
        }

        if (server is not null)
        {
            await server.WaitAsync(TimeSpan.FromSeconds(20));
        }

        owner?.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task A_served_command_writes_to_the_callers_streams_and_returns_its_exit_code()
    {
        var (code, stdout, stderr) = await BashAsync("vexctl --version; echo \"rc=$?\"; vexctl status; echo \"rc=$?\"; vexctl frobnicate; echo \"rc=$?\"");

        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("1.", lines[0], StringComparison.Ordinal);
        Assert.Equal(["rc=0", "rc=3", "rc=2"], lines[1..]);
        Assert.Contains("the vexfs module is not loaded", stderr, StringComparison.Ordinal);
        Assert.Contains("Unrecognized command or argument 'frobnicate'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("binary", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_to_a_file_shares_the_shells_offset_and_append_mode()
    {
        var (_, stdout, _) = await BashAsync("{ echo first; vexctl --version; echo last; } > a; printf 'x:' > b; vexctl --version >> b; cat a b");

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("first", lines[0]);
        Assert.Equal("last", lines[2]);
        Assert.StartsWith("x:1.", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standard_input_is_the_callers_here_document()
    {
        var (_, stdout, stderr) = await BashAsync("vexctl vec import - <<'EOF'\n/nonexistent/vexfs-file\t1,2\nEOF\necho \"rc=$?\"");

        Assert.Equal("rc=1", stdout.Trim());
        Assert.Contains("stdin line 1", stderr, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/vexfs-file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relative_paths_are_the_callers_and_the_server_keeps_no_directory_busy()
    {
        var home = Directory.GetCurrentDirectory();
        var (_, stdout, stderr) = await BashAsync("mkdir -p d && truncate -s 8M d/img && cd d && vexctl mkfs img --dim 4");

        Assert.Contains("vexfs formatted img", stdout, StringComparison.Ordinal);
        Assert.Equal(home, Directory.GetCurrentDirectory());
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task Forked_subshells_a_closed_stream_and_a_server_inside_the_server_run_the_binary_or_are_refused()
    {
        var (_, stdout, stderr) = await BashAsync("echo \"$(vexctl --version)\"; vexctl --version | cat; vexctl --version 2>&-; vexctl serve /tmp; echo \"rc=$?\"");

        Assert.Equal(["binary --version", "binary --version", "binary --version", "rc=2"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("serve cannot be run by a server", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_to_a_pipe_nobody_reads_is_dropped_as_by_the_binary_and_the_server_goes_on()
    {
        // The binary: exit 0 and 3 with the output lost (.NET's console drops writes that get EPIPE).
        var (_, stdout, stderr) = await BashAsync("exec 3> >(exit 0); sleep 0.3; vexctl --version >&3 2>&3; echo \"rc=$?\"; vexctl status --json >&3 2>&3; echo \"rc=$?\"; vexctl --version");

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["rc=0", "rc=3"], lines[..2]);
        Assert.StartsWith("1.", lines[2], StringComparison.Ordinal);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task The_server_ends_with_its_owner_and_removes_its_pipes_and_script()
    {
        Assert.True(File.Exists(Path.Combine(dir, ClientScript.FileName)));
        owner!.Kill();

        Assert.Equal(0, await server!.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        Assert.Equal(["bin"], Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName));
        var (_, stdout, _) = await BashAsync("vexctl --version");
        Assert.Equal("binary --version", stdout.Trim()); // the script is gone: the binary on PATH
    }

    [Fact]
    public async Task A_server_ending_after_another_took_its_directory_leaves_the_new_ones_files()
    {
        using var secondOwner = Process.Start("sleep", "600");
        var secondReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new ServeLoop(dir, secondOwner.Id, Program.RunAsync, () =>
        {
            secondReady.TrySetResult();
            return Task.CompletedTask;
        });
        var secondServer = Task.Factory.StartNew(() => second.RunAsync(CancellationToken.None), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        await secondReady.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        owner!.Kill(); // the first server cleans up now, after the second made its pipes and script
        await server!.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        var (_, stdout, _) = await BashAsync("vexctl --version");

        Assert.StartsWith("1.", stdout, StringComparison.Ordinal); // served by the second, not the binary on PATH
        secondOwner.Kill();
        await secondServer.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.Equal(["bin"], Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName));
    }

    private async Task<(int Code, string Stdout, string Stderr)> BashAsync(string script)
    {
        var start = new ProcessStartInfo("bash", ["-c", $"[ -r ./{ClientScript.FileName} ] && . ./{ClientScript.FileName}; {script}"])
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = $"{Path.Combine(dir, "bin")}:{Environment.GetEnvironmentVariable("PATH")}";
        using var bash = Process.Start(start)!;
        var stdout = bash.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = bash.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await bash.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return (bash.ExitCode, await stdout, await stderr);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServeGroup
{
    public const string Name = "vexctl serve";
}
