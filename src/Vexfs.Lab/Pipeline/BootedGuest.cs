using Microsoft.Extensions.Logging;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>A running guest with an SSH session to it; disposing it stops QEMU unless it is kept.</summary>
public sealed class BootedGuest : IAsyncDisposable
{
    // QemuMachine already passes panic=1 (with -no-reboot a panic ends QEMU); a blocked task is reported
    // well within the pipeline's command deadlines.
    public const string DiagnosticKernelArgs = "sysctl.kernel.hung_task_timeout_secs=20";

    private BootedGuest(QemuMachine machine, GuestSession session, string kernelRelease)
    {
        Machine = machine;
        Session = session;
        KernelRelease = kernelRelease;
    }

    public QemuMachine Machine { get; }

    public GuestSession Session { get; }

    public string KernelRelease { get; }

    public static async Task<BootedGuest> StartAsync(
        QemuOptions options, TimeSpan bootTimeout, ILoggerFactory loggers, TextWriter? commandLog, CancellationToken ct)
    {
        var machine = await QemuMachine.StartAsync(options, loggers.CreateLogger<QemuMachine>(), ct);
        try
        {
            GuestSession session;
            try
            {
                session = await GuestSession.ConnectAsync(machine.Endpoint, bootTimeout, loggers.CreateLogger<GuestSession>(), ct, commandLog);
            }
            catch (LabException ex)
            {
                var tail = await machine.ReadConsoleTailAsync(25, CancellationToken.None);
                throw new PhaseFailedException(
                    machine.HasExited ? FailureClass.Panic : FailureClass.Hang,
                    $"the guest did not answer SSH within {bootTimeout.TotalSeconds:F0} s ({ex.Message}); console tail:\n{tail}");
            }

            var uname = await session.RunAsync("uname -r", TimeSpan.FromSeconds(30), ct);
            if (!uname.Succeeded)
            {
                await session.DisposeAsync();
                throw new PhaseFailedException(FailureClass.Infrastructure, $"`uname -r` failed in the guest: {uname.Stderr.Trim()}");
            }

            return new BootedGuest(machine, session, uname.Stdout.Trim());
        }
        catch
        {
            await machine.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await Machine.DisposeAsync();
    }
}
