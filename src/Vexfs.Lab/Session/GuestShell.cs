using System.Diagnostics;
using System.Globalization;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;
using Vexfs.Lab.Machine;

namespace Vexfs.Lab.Session;

/// <summary>
/// One bash kept running in the guest on an exec channel, for a caller that runs many short commands (a lane
/// of the integration suite). A command then costs a fork of that shell, not a channel, an sshd fork and a
/// shell start: in an idle 6.1 TCG guest `true` took 6-13 ms this way against 42-53 ms as an exec. Each command
/// is sent with its length, read by the `read` builtin and run by `eval` in a subshell, so a syntax error is
/// its own exit 2 and its `cd`, variables and `exit` stay its own. Its output goes to two files in the guest's
/// /dev/shm and is sent when it ends, each stream in one write with its end marker (and exit code): sshd then
/// wakes twice a command instead of once per write, which a suite script of echoes and markers made dozens of
/// times. A command that times out takes the shell with it (what it wrote so far is read back over an exec
/// channel); the next command starts another. With privateMounts the shell runs in a mount
/// namespace of its own, so its mounts are not followed by the guest's systemd (PID 1 parses mountinfo on
/// every change) and the commands of other sessions do not see them.
/// </summary>
public sealed class GuestShell : IDisposable
{
    // LC_ALL=C for the reads: -N counts characters, and the length sent is in bytes; -d '' splits at NUL bytes,
    // which a variable cannot hold, so vexfs_emit writes them back between the pieces. A read that finds no file
    // (a command removed it) still prints the marker.
    private const string Loop =
        "trap 'rm -f \"$vexfs_out\".out \"$vexfs_out\".err' EXIT; trap exit HUP TERM PIPE; " +
        "vexfs_emit() { local c= f=$1; shift; { while IFS= read -r -d '' c; do printf '%s\\0' \"$c\"; done; printf \"%s$1\" \"$c\" \"${@:2}\"; } 2>/dev/null <\"$f\" || printf \"$1\" \"${@:2}\"; }; " +
        "while IFS= read -r n && IFS= LC_ALL=C read -r -N \"$n\" c; do " +
        "( eval \"$c\" ) </dev/null >\"$vexfs_out.out\" 2>\"$vexfs_out.err\"; r=$?; " +
        "LC_ALL=C vexfs_emit \"$vexfs_out.out\" '\\n%s %d\\n' \"$m\" $r; LC_ALL=C vexfs_emit \"$vexfs_out.err\" '\\n%s\\n' \"$m\" >&2; done";

    private readonly SshClient _ssh;
    private readonly bool _privateMounts;
    private readonly string _marker = $"@@vexfs-shell-{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Running? _running;

    internal GuestShell(SshClient ssh, bool privateMounts)
    {
        _ssh = ssh;
        _privateMounts = privateMounts;
    }

    /// <summary>Runs <paramref name="command"/> as `bash -c` would, with a timeout.</summary>
    public async Task<CommandResult> RunAsync(string command, TimeSpan timeout, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var watch = Stopwatch.StartNew();
            using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeoutCts.CancelAfter(timeout);
            var shell = _running ??= Running.Start(_ssh, _marker, _privateMounts);
            try
            {
                var bytes = Encoding.UTF8.GetBytes(command);
                await shell.Input.WriteAsync(Encoding.UTF8.GetBytes(bytes.Length.ToString(CultureInfo.InvariantCulture) + "\n"), timeoutCts.Token);
                await shell.Input.WriteAsync(bytes, timeoutCts.Token);
                await shell.Input.FlushAsync(timeoutCts.Token);
                var (stdout, code) = await shell.Stdout.TakeUntilAsync($"\n{_marker} ", withCode: true, timeoutCts.Token);
                var (stderr, _) = await shell.Stderr.TakeUntilAsync($"\n{_marker}\n", withCode: false, timeoutCts.Token);
                return new CommandResult(command, code ?? -1, stdout, stderr, watch.Elapsed, TimedOut: false);
            }
            catch (Exception e)
            {
                // Whatever went wrong, the shell may be mid-command: the next command gets a new one.
                _running = null;
                using (shell)
                {
                    if (ct.IsCancellationRequested || e is not (OperationCanceledException or EndOfStreamException or IOException or ObjectDisposedException))
                    {
                        throw;
                    }

                    // Timed out, or the shell ended: what it wrote so far is the result.
                    var (stdout, stderr) = await shell.ReadBackAsync(_ssh);
                    return new CommandResult(command, -1, shell.Stdout.Text + stdout, shell.Stderr.Text + stderr, watch.Elapsed, TimedOut: e is OperationCanceledException);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _running?.Dispose();
        _gate.Dispose();
    }

    private sealed class Running(SshCommand command, Stream input, StreamPump stdout, StreamPump stderr, string files) : IDisposable
    {
        public Stream Input { get; } = input;

        public StreamPump Stdout { get; } = stdout;

        public StreamPump Stderr { get; } = stderr;

        public static Running Start(SshClient ssh, string marker, bool privateMounts)
        {
            // Each shell its own files: one that timed out may still be running, and its EXIT trap removes its own.
            var files = $"/dev/shm/vexfs-shell-{Guid.NewGuid():N}";
            var loop = $"m={marker}; vexfs_out={files}; {Loop}";
            var command = ssh.CreateCommand(privateMounts ? $"exec unshare --mount --propagation private bash -c {QemuArguments.ShellQuote(loop)}" : loop);
            _ = command.ExecuteAsync(CancellationToken.None);
            return new Running(command, command.CreateInputStream(), StreamPump.Start(command.OutputStream), StreamPump.Start(command.ExtendedOutputStream), files);
        }

        /// <summary>What the command left in its files: after a timeout, the output it wrote before it stopped answering.</summary>
        public async Task<(string Stdout, string Stderr)> ReadBackAsync(SshClient ssh)
        {
            try
            {
                using var read = ssh.CreateCommand($"cat {files}.out 2>/dev/null; cat {files}.err >&2 2>/dev/null");
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await read.ExecuteAsync(cts.Token);
                return (read.Result, read.Error);
            }
            catch (Exception e) when (e is OperationCanceledException or SshException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                return ("", ""); // the guest is gone or stuck: the result says timed out without it
            }
        }

        public void Dispose()
        {
            try
            {
                Input.Dispose(); // sends EOF: the shell's loop ends
            }
            catch (Exception e) when (e is SshException or IOException or ObjectDisposedException)
            {
                // The connection is gone (a lost guest, a killed QEMU): the shell went with it, nothing to end.
            }

            command.Dispose();
        }
    }

    /// <summary>Reads one of the shell's streams as it arrives, so the channel never stalls on a full window.</summary>
    private sealed class StreamPump
    {
        private readonly StringBuilder _text = new();
        private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _ended;

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        // A thread of its own: SSH.NET's streams block in Read (ReadAsync too), and two such readers per lane on
        // the thread pool of a 2-core host starved it, stalling each lane's first command by 3 s.
        public static StreamPump Start(Stream stream)
        {
            var pump = new StreamPump();
            _ = Task.Factory.StartNew(() => pump.Pump(stream), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return pump;
        }

        /// <summary>The text before <paramref name="end"/> (and, after it, an exit code to the end of its line), taken out of the stream.</summary>
        public async Task<(string Text, int? Code)> TakeUntilAsync(string end, bool withCode, CancellationToken ct)
        {
            while (true)
            {
                Task arrived;
                lock (_text)
                {
                    arrived = _arrived.Task;
                    var all = _text.ToString();
                    var at = all.IndexOf(end, StringComparison.Ordinal);
                    var lineEnd = at < 0 ? -1 : withCode ? all.IndexOf('\n', at + end.Length) : at + end.Length - 1;
                    if (lineEnd >= 0)
                    {
                        _text.Remove(0, lineEnd + 1);
                        int? code = withCode && int.TryParse(all.AsSpan(at + end.Length, lineEnd - at - end.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;
                        return (all[..at], code);
                    }

                    if (_ended)
                    {
                        throw new EndOfStreamException("the guest's shell ended");
                    }
                }

                await arrived.WaitAsync(ct);
            }
        }

        private void Pump(Stream stream)
        {
            var decoder = Encoding.UTF8.GetDecoder();
            var bytes = new byte[16384];
            var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
            try
            {
                int read;
                while ((read = stream.Read(bytes)) > 0)
                {
                    var count = decoder.GetChars(bytes, 0, read, chars, 0);
                    lock (_text)
                    {
                        _text.Append(chars, 0, count);
                        Signal();
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The channel closed under us: the same as its end.
            }

            lock (_text)
            {
                _ended = true;
                Signal();
            }
        }

        // Wakes the waiter; called under the lock, so a waiter never misses an arrival between its check and its wait.
        private void Signal()
        {
            var arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            arrived.TrySetResult();
        }
    }
}
