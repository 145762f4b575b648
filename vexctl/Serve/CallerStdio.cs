using System.Text;
using Vexctl.Cli;
using Vexctl.Native;

namespace Vexctl.Serve;

/// <summary>
/// A caller's standard input, output and error, taken with pidfd_getfd: the very open files its shell gave the
/// command (a here-document, a redirect, the pipe to sshd), with their offsets, so what a served command reads and
/// writes goes where the binary's would. A descriptor the caller has closed fails the request,
/// and the client runs the binary instead.
/// </summary>
internal sealed class CallerStdio : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly UnixFd pidfd;
    private readonly StreamWriter stdout;
    private readonly StreamWriter stderr;
    private readonly Stream stdin;

    private CallerStdio(UnixFd pidfd, Stream stdin, Stream stdout, Stream stderr)
    {
        this.pidfd = pidfd;
        this.stdin = stdin;
        this.stdout = new StreamWriter(stdout, Utf8) { AutoFlush = true };
        this.stderr = new StreamWriter(stderr, Utf8) { AutoFlush = true };
        Io = new CliIo(this.stdout, this.stderr, () => stdin);
    }

    public CliIo Io { get; }

    /// <summary>The request's streams; null (with the errno) when the caller is gone or its descriptors cannot be taken.</summary>
    public static CallerStdio? TryOpen(ServeRequest request, out int errno)
    {
        var pidfd = UnixFd.FromResult(Libc.PidfdOpen(request.Pid, 0), out errno);
        if (pidfd is null)
        {
            return null;
        }

        var taken = new List<Stream>();
        foreach (var fd in new[] { request.Stdin, request.Stdout, request.Stderr })
        {
            if (TryTake(pidfd, fd, out errno) is not { } stream)
            {
                taken.ForEach(s => s.Dispose());
                pidfd.Dispose();
                return null;
            }

            taken.Add(stream);
        }

        return new CallerStdio(pidfd, taken[0], taken[1], taken[2]);
    }

    public void Dispose()
    {
        foreach (var stream in new IDisposable?[] { stdout, stderr, stdin, pidfd })
        {
            try
            {
                stream?.Dispose();
            }
            catch (IOException)
            {
                // The caller's pipe closed before the last flush: what the binary would lose too.
            }
        }
    }

    private static FdStream? TryTake(UnixFd pidfd, int fd, out int errno) =>
        UnixFd.FromResult(Libc.PidfdGetfd(pidfd.Fd, fd, 0), out errno) is { } taken ? new FdStream(taken, asConsole: true) : null;
}
