using System.Runtime.InteropServices;

namespace Vexctl.Native;

/// <summary>
/// A stream over a descriptor with plain read(2) and write(2): a descriptor shared with another process keeps one
/// file offset for both (FileStream keeps its own and writes with pwrite, so a shell's `&gt;&gt;` or
/// `{ ...; } &gt; f` would be overwritten). Disposing closes the descriptor. <paramref name="asConsole"/>: a write to
/// a pipe nobody reads any more is dropped, as .NET's console drops it, so a served command exits as the binary
/// would.
/// </summary>
internal sealed unsafe class FdStream(UnixFd fd, bool asConsole = false) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            nint read;
            while ((read = Libc.Read(fd.Fd, p, (nuint)buffer.Length)) < 0)
            {
                ThrowUnlessInterrupted("read");
            }

            return (int)read;
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var written = Libc.Write(fd.Fd, p + done, (nuint)(buffer.Length - done));
                if (written < 0)
                {
                    if (asConsole && Marshal.GetLastPInvokeError() == Errno.EPIPE)
                    {
                        return;
                    }

                    ThrowUnlessInterrupted("write");
                    continue;
                }

                done += (int)written;
            }
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            fd.Dispose();
        }

        base.Dispose(disposing);
    }

    private static void ThrowUnlessInterrupted(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        if (errno != Errno.EINTR)
        {
            throw new IOException($"{call}: {Errno.Describe(errno)}", errno);
        }
    }
}
