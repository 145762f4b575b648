using System.CommandLine;
using Vexctl.Cli;
using Vexctl.Native;
using Vexctl.Serve;

namespace Vexctl.Commands;

/// <summary>`vexctl serve DIR [--owner PID]`: one resident vexctl for a shell's many commands (see ServeLoop).</summary>
internal static class ServeCommand
{
    public static Command Create(CliIo io, Func<string[], CliIo, CancellationToken, Task<int>> run)
    {
        var dir = new Argument<string>("DIR") { Description = "An existing directory, private to root: the pipes, the pid and the client script vexctl.sh go there" };
        var owner = new Option<int?>("--owner") { Description = "End when this process ends (the shell that sources the client script)" };
        var command = new Command("serve", "Run the vexctl commands shells send, one at a time, in this one process: source DIR/vexctl.sh in bash and `vexctl` becomes a call to it") { dir, owner };
        command.SetAction((parse, ct) => new ServeLoop(parse.GetRequiredValue(dir), parse.GetValue(owner), run, () => ReadyAsync(io)).RunAsync(ct));
        return command;
    }

    // "ready" on standard output, which is then let go: whoever waits for the line may read to the end of the file.
    private static async Task ReadyAsync(CliIo io)
    {
        await io.Out.WriteAsync("ready\n");
        await io.Out.FlushAsync();
        using var devNull = UnixFd.TryOpen("/dev/null", Libc.OWrOnly, out var errno) ?? throw new VexctlException($"serve: /dev/null: {Errno.Describe(errno)}");
        if (Libc.Dup2(devNull.Fd, 1) < 0)
        {
            throw new VexctlException($"serve: dup2: {Errno.Describe(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())}");
        }
    }
}
