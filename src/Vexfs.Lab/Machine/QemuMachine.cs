using System.Net.Sockets;
using System.Text;
using CliWrap;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;
using Vexfs.Lab.Images;
using Vexfs.Lab.Session;

namespace Vexfs.Lab.Machine;

/// <summary>
/// One running guest: qemu-system-x86_64 with a throwaway overlay of the cached image, SSH forwarded to a
/// free loopback port, the serial console in console.log. Disposing stops QEMU (QMP quit, then kill):
/// no QEMU outlives its machine object, also on cancellation.
/// </summary>
public sealed partial class QemuMachine : IAsyncDisposable
{
    private const int PortAttempts = 3;
    private static readonly TimeSpan StartupProbe = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StartupPoll = TimeSpan.FromMilliseconds(20);
    private readonly QemuRunFiles _files;
    private readonly ILogger<QemuMachine> _logger;
    private readonly CancellationTokenSource _kill;
    private readonly Task<CliWrap.CommandResult> _process;
    private readonly StringBuilder _stderr;
    private int _disposed;

    private QemuMachine(QemuRunFiles files, int port, GuestEndpoint endpoint, ILogger<QemuMachine> logger, CancellationTokenSource kill, Task<CliWrap.CommandResult> process, StringBuilder stderr)
    {
        _files = files;
        SshPort = port;
        Endpoint = endpoint;
        _logger = logger;
        _kill = kill;
        _process = process;
        _stderr = stderr;
    }

    public int SshPort { get; }

    public string ConsoleLogPath => _files.ConsoleLog;

    /// <summary>The host side of the guest's transfer disk (<see cref="TransferDisk"/>).</summary>
    public string TransferDiskPath => _files.TransferDisk;

    public bool HasExited => _process.IsCompleted;

    /// <summary>Keep the overlay and run files after dispose (for post-mortem inspection).</summary>
    public bool Keep
    {
        get;
        set
        {
            field = value;
            if (value)
            {
                // A kept guest outlives this process on purpose: without an owner file no later run sweeps it.
                File.Delete(_files.OwnerFile);
            }
        }
    }

    public GuestEndpoint Endpoint { get; }

    public GuestImage Image { get; private init; } = null!;

    public static Task<QemuMachine> StartAsync(QemuOptions options, ILogger<QemuMachine> logger, CancellationToken ct) =>
        StartAsync(options, logger, FreePort.Pick, ct);

    /// <param name="pickPort">Chooses the SSH port of each attempt (tests hand out a port they hold).</param>
    internal static async Task<QemuMachine> StartAsync(QemuOptions options, ILogger<QemuMachine> logger, Func<int> pickPort, CancellationToken ct)
    {
        var tools = new ToolLocator();
        var qemu = tools.Require("qemu-system-x86_64", "qemu-system-x86");
        var files = new QemuRunFiles(Path.GetFullPath(options.RunDirectory));
        Directory.CreateDirectory(files.RunDirectory);
        await QemuOwner.SweepOrphansAsync(logger, ct);
        var startup = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            // Each attempt gets fresh run files: disposing a failed attempt removes its overlay and disk.
            await PrepareRunFilesAsync(options, files, tools, logger, ct);
            var port = pickPort();
            var machine = Launch(qemu, options, files, port, logger, ct);
            string? failure;
            try
            {
                failure = await machine.WaitForStartupAsync(ct);
            }
            catch
            {
                // Cancelled while starting: stop this QEMU and remove its files before giving up.
                await machine.DisposeAsync();
                throw;
            }

            if (failure is null && options.Restore is not null)
            {
                logger.LogInformation("QEMU up in {Seconds:F2} s; loading the saved state", startup.Elapsed.TotalSeconds);
                failure = await machine.LoadIncomingAsync(options.Restore, ct);
                if (failure is not null)
                {
                    await machine.DisposeAsync();
                    throw new LabException($"QEMU could not restore the saved state {options.Restore.Directory}: {failure}");
                }
            }

            if (failure is null)
            {
                logger.LogInformation("QEMU {How} in {Seconds:F2} s ({Accel}, {Cpus} CPUs, {Memory} MiB), guest SSH on 127.0.0.1:{Port}, console {Console}",
                    options.Restore is null ? "started" : "restored", startup.Elapsed.TotalSeconds, options.Accel.Kind, options.Cpus, options.MemoryMiB, port, files.ConsoleLog);
                return machine;
            }

            await machine.DisposeAsync();
            if (attempt >= PortAttempts || !failure.Contains("host forwarding rule", StringComparison.OrdinalIgnoreCase))
            {
                throw new LabException($"QEMU did not start: {failure}",
                    $"run directory {files.RunDirectory}; check the qemu-system-x86 installation and the image files");
            }

            logger.LogInformation("port {Port} was taken before QEMU bound it; retrying with another", port);
        }
    }

    public async Task<string> ReadConsoleTailAsync(int lines, CancellationToken ct)
    {
        if (!File.Exists(_files.ConsoleLog))
        {
            return string.Empty;
        }

        await using var stream = new FileStream(_files.ConsoleLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var all = (await reader.ReadToEndAsync(ct)).Split('\n');
        return string.Join('\n', all.TakeLast(lines));
    }

    /// <summary>Kills QEMU at once (a hung guest); the run files stay until dispose.</summary>
    public async Task KillAsync()
    {
        if (!_process.IsCompleted)
        {
            _logger.LogInformation("killing QEMU (guest SSH port {Port})", SshPort);
            await _kill.CancelAsync();
        }

        await WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_process.IsCompleted)
        {
            try
            {
                using var quitTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await QmpClient.QuitAsync(_files.QmpSocket, quitTimeout.Token);
                await _process.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or TimeoutException)
            {
                _logger.LogDebug(e, "QMP quit did not stop QEMU; killing it");
            }
        }

        await KillAsync();
        await StopShareAsync();
        _kill.Dispose();
        if (!Keep)
        {
            foreach (var file in _files.Disposable)
            {
                File.Delete(file);
            }
        }
    }

    private static async Task PrepareRunFilesAsync(QemuOptions options, QemuRunFiles files, ToolLocator tools, ILogger logger, CancellationToken ct)
    {
        foreach (var stale in files.Disposable.Append(files.ConsoleLog))
        {
            File.Delete(stale);
        }

        await QemuOwner.WriteAsync(files.RunDirectory, ct);

        // A restore writes over the saved disk of that moment; a cold boot over the image's root disk.
        var backing = options.Restore?.DiskPath ?? options.Image.RootDisk;
        await new ExternalTool(logger).RunAsync(tools.Require("qemu-img", "qemu-utils"),
            ["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", Path.GetFullPath(backing), files.Overlay], ct);
        await using var disk = new FileStream(files.VexfsDisk, FileMode.CreateNew);
        disk.SetLength(options.VexfsDiskBytes); // sparse
        await using var transfer = new FileStream(files.TransferDisk, FileMode.CreateNew);
        transfer.SetLength(TransferDisk.Bytes);
    }

    private static QemuMachine Launch(string qemu, QemuOptions options, QemuRunFiles files, int port, ILogger<QemuMachine> logger, CancellationToken ct)
    {
        var arguments = QemuArguments.Build(options, files, port);
        logger.LogDebug("starting {Command}", ExternalTool.Describe(qemu, arguments));
        var stderr = new StringBuilder();
        var kill = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var command = options.Restore is { } saved
            ? Cli.Wrap("/bin/sh").WithArguments(["-c", QemuArguments.RestoreLauncher, qemu, .. arguments])
                .WithEnvironmentVariables(env => env.Set(QemuArguments.StateVariable, saved.StatePath))
            : Cli.Wrap(qemu).WithArguments(arguments);
        var process = command
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stderr))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .ExecuteAsync(kill.Token)
            .Task;
        var endpoint = new GuestEndpoint("127.0.0.1", port, "root", options.Image.PrivateKeyPath, options.Image.HostPublicKey);
        return new QemuMachine(files, port, endpoint, logger, kill, process, stderr) { Image = options.Image };
    }

    /// <summary>Null once QEMU listens on the SSH port; else why it failed (its stderr).</summary>
    private async Task<string?> WaitForStartupAsync(CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + StartupProbe;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (_process.IsCompleted)
            {
                return ExitDescription();
            }

            // Someone else may have taken the port between choosing and binding: only QEMU's own listening
            // socket counts (QEMU then fails its hostfwd and exits, and the caller retries on another port).
            if (await PortAcceptsAsync(ct) && ListeningSockets.IsListenedBy(ReadPid(), SshPort))
            {
                return null;
            }

            await Task.Delay(StartupPoll, ct);
        }

        return $"QEMU did not open the SSH forward on 127.0.0.1:{SshPort} within {StartupProbe.TotalSeconds:F0} s";
    }

    private async Task<bool> PortAcceptsAsync(CancellationToken ct)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
            await client.ConnectAsync("127.0.0.1", SshPort, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private int ReadPid() =>
        File.Exists(_files.PidFile) && int.TryParse(File.ReadAllText(_files.PidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var pid) ? pid : -1;

    private string ExitDescription()
    {
        var code = _process.IsCompletedSuccessfully ? _process.Result.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unknown";
        lock (_stderr)
        {
            return $"exit code {code}: {_stderr.ToString().Trim()}";
        }
    }

    private async Task WaitForExitAsync()
    {
        try
        {
            await _process;
        }
        catch (OperationCanceledException)
        {
            // The kill we asked for.
        }
    }
}
