using System.Globalization;
using System.Runtime.InteropServices;
using Vexctl.Cli;
using Vexctl.Native;

namespace Vexctl.Serve;

/// <summary>
/// `vexctl serve DIR`: runs the vexctl commands shells send through DIR's request pipe, one at a time, in this one
/// process. In a TCG guest a vexctl start costs 40-60 ms of runtime start-up alone; served, a command costs its
/// work. DIR gets the pipes, the server's pid and the client script (<see cref="ClientScript"/>); all of them are
/// removed when the server ends: when its owner process ends, or on SIGTERM or SIGINT. <c>ready</c> is called once
/// clients can connect.
/// </summary>
internal sealed class ServeLoop(string directory, int? owner, Func<string[], CliIo, CancellationToken, Task<int>> run, Func<Task> ready)
{
    private const string Requests = "requests";
    private const string Replies = "replies";
    private const string PidFile = "pid";

    private readonly string instance = $"instance {Guid.NewGuid():N}";

    private string RequestsPath => Path.Combine(directory, Requests);

    private string RepliesPath => Path.Combine(directory, Replies);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var ownerFd = owner is { } pid ? UnixFd.FromResult(Libc.PidfdOpen(pid, 0), out var errno) ?? throw Fail($"the owner process {pid}", errno) : null;
        // The default action (the process ends) follows the handler.
        var signals = new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT }.Select(s => PosixSignalRegistration.Create(s, _ => Cleanup())).ToList();
        try
        {
            UnixFd requestsFd;
            var self = Environment.ProcessId;
            using (LockDirectory())
            {
                // The script first: it marks the files as this server's (see Cleanup), also when a later step fails.
                await WriteAtomicallyAsync(Path.Combine(directory, ClientScript.FileName), ClientScript.Render(RequestsPath, RepliesPath, self, instance), cancellationToken);
                await WriteAtomicallyAsync(Path.Combine(directory, PidFile), self.ToString(CultureInfo.InvariantCulture) + "\n", cancellationToken);
                MakeFifo(RequestsPath);
                MakeFifo(RepliesPath);

                // Read-write: the server is a writer too, so the pipe never reports end-of-file between clients.
                requestsFd = UnixFd.TryOpen(RequestsPath, Libc.ORdWr, out var openErrno) ?? throw Fail(RequestsPath, openErrno);
            }

            var pollFd = requestsFd.Fd;
            using var requests = new FdStream(requestsFd);
            await ready();

            var reader = new ServeRequestReader();
            var buffer = new byte[65536];
            while (WaitForRequest(pollFd, ownerFd?.Fd ?? -1))
            {
                var read = requests.Read(buffer);
                reader.Add(buffer.AsSpan(0, read));
                while (reader.TryTake() is { } request)
                {
                    Reply(await HandleAsync(request, cancellationToken));
                }
            }

            return ExitCodes.Ok;
        }
        finally
        {
            Cleanup();
            signals.ForEach(s => s.Dispose());
        }
    }

    private async Task<string> HandleAsync(ServeRequest request, CancellationToken cancellationToken)
    {
        using var caller = CallerStdio.TryOpen(request, out _);
        if (caller is null)
        {
            return "fallback"; // gone, or its descriptors are not ours to take: the client runs the binary
        }

        var home = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(request.Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "fallback";
        }

        try
        {
            return await RunInCallersDirectoryAsync(request, caller, cancellationToken);
        }
        finally
        {
            Directory.SetCurrentDirectory(home); // the server's own directory is not kept busy by a caller's
        }
    }

    private async Task<string> RunInCallersDirectoryAsync(ServeRequest request, CallerStdio caller, CancellationToken cancellationToken)
    {
        if (request.Args is ["serve", ..])
        {
            await TryWriteErrorAsync(caller, "vexctl: serve cannot be run by a server; run the binary");
            return ExitCodes.Usage.ToString(CultureInfo.InvariantCulture);
        }

        int code;
        try
        {
            code = await run([.. request.Args], caller.Io, cancellationToken);
        }
        catch (Exception e)
        {
            // What the binary would print before it aborted; the server itself goes on.
            await TryWriteErrorAsync(caller, $"Unhandled exception. {e}");
            code = 134;
        }

        return code.ToString(CultureInfo.InvariantCulture);
    }

    // A caller whose standard error is a closed pipe loses the message, as the binary would; the server goes on.
    private static async Task TryWriteErrorAsync(CallerStdio caller, string message)
    {
        try
        {
            await caller.Io.Error.WriteLineAsync(message);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>False once the owner has ended.</summary>
    private static unsafe bool WaitForRequest(int requests, int ownerFd)
    {
        var fds = stackalloc Libc.PollFd[2];
        fds[0] = new Libc.PollFd { Fd = requests, Events = Libc.PollIn };
        fds[1] = new Libc.PollFd { Fd = ownerFd, Events = Libc.PollIn };
        while (Libc.Poll(fds, 2, -1) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR)
            {
                throw Fail("poll", errno);
            }
        }

        return fds[1].Revents == 0;
    }

    // The client opened the reply pipe before it asked; if it is gone (killed), nobody reads and the reply is dropped.
    private void Reply(string line)
    {
        using var replies = UnixFd.TryOpen(RepliesPath, Libc.OWrOnly | Libc.ONonBlock, out _);
        if (replies is not null)
        {
            using var stream = new FdStream(replies);
            stream.Write(System.Text.Encoding.ASCII.GetBytes(line + "\n"));
        }
    }

    // A server killed just as another starts in the same DIR cleans up late (its SIGTERM handler runs on a thread
    // of its own): the files are removed only while the client script is still this server's (it names the instance),
    // under the directory's lock, which startup holds too.
    private void Cleanup()
    {
        using var locked = LockDirectory();
        var script = Path.Combine(directory, ClientScript.FileName);
        if (File.Exists(script) && File.ReadAllText(script).Contains(instance, StringComparison.Ordinal))
        {
            foreach (var name in new[] { ClientScript.FileName, Requests, Replies, PidFile })
            {
                File.Delete(Path.Combine(directory, name));
            }
        }
    }

    private UnixFd LockDirectory()
    {
        var fd = UnixFd.TryOpen(directory, Libc.ORdOnly | Libc.ODirectory, out var errno) ?? throw Fail(directory, errno);
        while (Libc.Flock(fd.Fd, Libc.LockEx) < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error != Errno.EINTR)
            {
                fd.Dispose();
                throw Fail($"flock {directory}", error);
            }
        }

        return fd; // closing it unlocks
    }

    private static void MakeFifo(string path)
    {
        File.Delete(path); // a killed server's
        if (Libc.Mkfifo(path, 0x180) < 0)
        {
            throw Fail(path, Marshal.GetLastPInvokeError());
        }
    }

    private static async Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken)
    {
        var draft = $"{path}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
        await File.WriteAllTextAsync(draft, text, cancellationToken);
        File.Move(draft, path, overwrite: true);
    }

    private static VexctlException Fail(string what, int errno) => new(ExitCodes.Failure, $"serve: {what}: {Errno.Describe(errno)}");
}
