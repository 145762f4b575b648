using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;
using Vexfs.Lab.Machine;

namespace Vexfs.Lab.Session;

/// <summary>
/// An SSH connection to a guest (SSH.NET): key auth, the host key pinned to the image's, commands with
/// timeouts, file uploads over the same connection. Every command and its output goes to the logger (Debug) and the command log.
/// </summary>
public sealed class GuestSession : IAsyncDisposable
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    // Chosen by measurement under TCG (bookworm guest, OpenSSH 9.2): SSH.NET's own first choice there,
    // sntrup761x25519, took 510-600 ms a connection against 270-470 ms for curve25519. A throwaway guest on
    // a loopback forward gains nothing from a post-quantum exchange; a server without it negotiates as before.
    private const string KeyExchange = "curve25519-sha256";

    /// <summary>The longest command sent as the exec request itself (dropbear's limit, with room to spare).</summary>
    private const int MaxExecCommandBytes = 8192;

    /// <summary>Runs the script that arrives on stdin as the login shell would run a command, with stdin at its end.</summary>
    private const string ScriptFromStdin = "f=$(mktemp) || exit 1; cat > \"$f\" && bash \"$f\" < /dev/null; rc=$?; rm -f \"$f\"; exit $rc";
    private readonly SshClient _ssh;
    private readonly ILogger<GuestSession> _logger;
    private TextWriter? _commandLog;
    private GuestShell? _shell;
    private bool _privateShellMounts;
    private readonly SemaphoreSlim _logLock = new(1, 1);

    private GuestSession(SshClient ssh, ILogger<GuestSession> logger, TextWriter? commandLog)
    {
        _ssh = ssh;
        _logger = logger;
        _commandLog = commandLog;
    }

    /// <summary>Logs every later command to <paramref name="commandLog"/> (for a caller that learns the log's place only once connected), or to none.</summary>
    public void LogCommandsTo(TextWriter? commandLog) => _commandLog = commandLog;

    /// <summary>Connects, retrying until <paramref name="deadline"/> (the guest may still be booting).</summary>
    public static async Task<GuestSession> ConnectAsync(GuestEndpoint endpoint, TimeSpan deadline, ILogger<GuestSession> logger, CancellationToken ct, TextWriter? commandLog = null)
    {
        var pin = HostKeyPin.Parse(endpoint.HostPublicKey);
        var watch = Stopwatch.StartNew();
        string lastError = "no attempt made";
        for (var attempt = 1; watch.Elapsed < deadline; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            var check = new HostKeyCheck(pin);
            var client = new SshClient(ConnectionInfoFor(endpoint));
            client.HostKeyReceived += check.OnHostKeyReceived;
            try
            {
                using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                attemptCts.CancelAfter(AttemptTimeout);
                await client.ConnectAsync(attemptCts.Token);
                logger.LogInformation("SSH to {User}@{Host}:{Port} up after {Seconds:F1} s ({Attempts} attempts), host key {Fingerprint}",
                    endpoint.User, endpoint.Host, endpoint.Port, watch.Elapsed.TotalSeconds, attempt, pin.Fingerprint);
                return new GuestSession(client, logger, commandLog);
            }
            catch (Exception e) when (e is SshException or SocketException or IOException or OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
            {
                client.Dispose();
                if (check.Mismatch is { } presented)
                {
                    throw new LabException(
                        $"host key changed: the guest at {endpoint.Host}:{endpoint.Port} presented {presented}, the image pins {pin.Algorithm} {pin.Fingerprint}",
                        "the image cache entry may be corrupt, or another machine answers on this port; delete the image's cache entry (it is rebuilt) and retry");
                }

                lastError = $"{e.GetType().Name}: {e.Message}";
                logger.LogDebug("SSH attempt {Attempt} to port {Port} failed: {Error}", attempt, endpoint.Port, lastError);
                await Task.Delay(RetryDelay, ct);
            }
        }

        throw new LabException(
            $"the guest did not accept SSH on {endpoint.Host}:{endpoint.Port} within {deadline.TotalSeconds:F0} s (last error: {lastError})",
            "look at the guest's console log (console.log in the run directory) to see how far it booted; a larger --boot-timeout helps on slow TCG hosts");
    }

    public async Task<CommandResult> RunAsync(string command, TimeSpan timeout, CancellationToken ct)
    {
        // The guest's dropbear refuses an exec request over 9,000 bytes (MAX_CMD_LEN) and drops the connection for
        // one over its 35,000-byte packet limit: a longer script goes in on stdin to a file of its own, then runs.
        var script = Encoding.UTF8.GetByteCount(command) > MaxExecCommandBytes ? Encoding.UTF8.GetBytes(command) : null;
        using var ssh = _ssh.CreateCommand(script is null ? command : ScriptFromStdin);
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout);
        var watch = Stopwatch.StartNew();
        var timedOut = false;
        try
        {
            var run = ssh.ExecuteAsync(timeoutCts.Token);
            if (script is not null)
            {
                await using var input = ssh.CreateInputStream();
                await input.WriteAsync(script, timeoutCts.Token);
            }

            await run;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            timedOut = true;
        }

        var result = new CommandResult(command, ssh.ExitStatus ?? -1, SafeRead(() => ssh.Result), SafeRead(() => ssh.Error), watch.Elapsed, timedOut);
        await LogAsync(result, ct);
        return result;
    }

    /// <summary>
    /// Makes the resident shell (started by the first <see cref="RunInShellAsync"/>) run in a mount namespace of its
    /// own: what its commands mount only they see, and the guest's systemd does not follow it. For a caller whose
    /// mounts are its own business (a suite lane); the pipeline's shell mounts the source share for everyone.
    /// </summary>
    public void KeepShellMountsPrivate()
    {
        if (_shell is not null)
        {
            throw new InvalidOperationException("the resident shell already runs: make its mounts private before its first command");
        }

        _privateShellMounts = true;
    }

    /// <summary>
    /// Runs <paramref name="command"/> in this session's resident shell (<see cref="GuestShell"/>): the same result
    /// as <see cref="RunAsync"/> at the cost of a fork in the guest, one command at a time.
    /// </summary>
    public async Task<CommandResult> RunInShellAsync(string command, TimeSpan timeout, CancellationToken ct)
    {
        var result = await (_shell ??= new GuestShell(_ssh, _privateShellMounts)).RunAsync(command, timeout, ct);
        await LogAsync(result, ct);
        return result;
    }

    /// <summary>
    /// Copies a file to the guest through one exec channel of this connection (no SFTP: that is a second
    /// connection and key exchange, 0.3-0.8 s under TCG and more under KASAN). The file is written beside
    /// <paramref name="remotePath"/> under a name of its own and renamed over it, so a reader never sees half of
    /// it, a running binary is replaced rather than rewritten, and two uploaders of one path do not mix.
    /// </summary>
    public async Task UploadFileAsync(string localPath, string remotePath, CancellationToken ct, int mode = 0x1A4)
    {
        var path = QemuArguments.ShellQuote(remotePath);
        var part = QemuArguments.ShellQuote($"{remotePath}.vexfs-part-{Guid.NewGuid():N}");
        var command = $"cat > {part} && chmod {Convert.ToString(mode & 0xFFF, 8)} {part} && mv -f {part} {path} || {{ rm -f {part}; exit 1; }}";
        await using var source = File.OpenRead(localPath);
        using var ssh = _ssh.CreateCommand(command);
        var run = ssh.ExecuteAsync(ct);
        string? broken = null;
        try
        {
            await using var input = ssh.CreateInputStream();
            await source.CopyToAsync(input, ct);
        }
        catch (Exception e) when (e is SshException or IOException or ObjectDisposedException && !ct.IsCancellationRequested)
        {
            // The guest's side ended early (`cat` could not create the file): its exit status says why.
            broken = e.Message;
        }

        await run;
        if (ssh.ExitStatus != 0 || broken is not null)
        {
            throw new LabException(
                $"uploading {localPath} to the guest's {remotePath} failed (exit {ssh.ExitStatus?.ToString(CultureInfo.InvariantCulture) ?? "none"}): {ssh.Error.Trim()}{(broken is null ? "" : $" ({broken})")}",
                "check that the guest's directory exists and its disk is not full (df in the guest)");
        }

        _logger.LogDebug("uploaded {Local} to {Remote} (mode {Mode})", localPath, remotePath, Convert.ToString(mode, 8));
    }

    /// <summary>Uploads a directory tree, creating remote directories and keeping each file's permission bits.</summary>
    public async Task UploadDirectoryAsync(string localDir, string remoteDir, CancellationToken ct)
    {
        var directories = Directory.EnumerateDirectories(localDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(dir => RemotePath(remoteDir, Path.GetRelativePath(localDir, dir)));
        var mkdir = await RunAsync($"mkdir -p {string.Join(' ', new[] { remoteDir }.Concat(directories).Select(QemuArguments.ShellQuote))}", TimeSpan.FromSeconds(60), ct);
        if (!mkdir.Succeeded)
        {
            throw new LabException($"creating {remoteDir} in the guest failed (exit {mkdir.ExitCode}): {mkdir.Stderr.Trim()}", "check the guest's disk (df in the guest)");
        }

        foreach (var file in Directory.EnumerateFiles(localDir, "*", SearchOption.AllDirectories))
        {
            var mode = OperatingSystem.IsWindows() ? 0x1A4 : (int)File.GetUnixFileMode(file) & 0x1FF;
            await UploadFileAsync(file, RemotePath(remoteDir, Path.GetRelativePath(localDir, file)), ct, mode);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _shell?.Dispose();
        _ssh.Dispose();
        _logLock.Dispose();
        await Task.CompletedTask;
    }

    private static ConnectionInfo ConnectionInfoFor(GuestEndpoint endpoint)
    {
        var key = new PrivateKeyFile(endpoint.PrivateKeyPath);
        var info = new ConnectionInfo(endpoint.Host, endpoint.Port, endpoint.User, new PrivateKeyAuthenticationMethod(endpoint.User, key))
        {
            Timeout = AttemptTimeout,
        };
        if (info.KeyExchangeAlgorithms.Remove(KeyExchange, out var exchange))
        {
            info.KeyExchangeAlgorithms.Insert(0, KeyExchange, exchange);
        }

        return info;
    }

    private static string RemotePath(string remoteDir, string relative) =>
        remoteDir.TrimEnd('/') + "/" + relative.Replace(Path.DirectorySeparatorChar, '/');

    private static string SafeRead(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            return string.Empty;
        }
    }

    private async Task LogAsync(CommandResult result, CancellationToken ct)
    {
        var status = result.TimedOut ? "TIMED OUT" : $"exit {result.ExitCode}";
        _logger.LogDebug("guest$ {Command} → {Status} in {Seconds:F2} s{NewLine}{Stdout}{Stderr}",
            result.Command, status, result.Duration.TotalSeconds, Environment.NewLine, result.Stdout, result.Stderr);
        if (_commandLog is null)
        {
            return;
        }

        await _logLock.WaitAsync(ct);
        try
        {
            await _commandLog.WriteLineAsync($"$ {result.Command}");
            await _commandLog.WriteLineAsync($"# {status}, {result.Duration.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s");
            await WriteBlockAsync("stdout", result.Stdout);
            await WriteBlockAsync("stderr", result.Stderr);
            await _commandLog.FlushAsync(ct);
        }
        finally
        {
            _logLock.Release();
        }
    }

    private async Task WriteBlockAsync(string name, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        await _commandLog!.WriteLineAsync($"# {name}:");
        await _commandLog.WriteLineAsync(text.TrimEnd('\n'));
    }
}
