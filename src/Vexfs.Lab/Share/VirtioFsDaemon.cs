using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;

namespace Vexfs.Lab.Share;

/// <summary>
/// virtiofsd serving one directory to one guest. It runs in a private mount namespace where the module
/// sources are bind-mounted into the shared directory and the whole tree is remounted read-only, so
/// the guest cannot write to the host's checkout whatever it mounts, and the host sees no mount at all.
/// Disposing kills it; it also exits by itself when QEMU closes the vhost-user socket. A normal user's
/// namespace is also a user namespace with the subordinate ids mapped (QEMU's C virtiofsd calls
/// setgroups, which a single-id map forbids) and a private /run for its pid file.
/// </summary>
public sealed class VirtioFsDaemon : IAsyncDisposable
{
    /// <summary>The socket appears once virtiofsd listens; it takes a few milliseconds.</summary>
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(10);

    // $1 shared dir, $2 sources, $3 socket, $4 virtiofsd, $5 its flavour. rbind keeps src/ visible under
    // the read-only remount of the shared dir itself. cache=none: a host edit is seen by the next stat,
    // which is what make decides by.
    private const string NamespaceScript =
        "set -e; if [ \"$6\" = user ]; then if [ -d /run/virtiofsd ]; then run=/run/virtiofsd; else run=/run; fi; " +
        "mount -t tmpfs -o size=1m,mode=0755 vexfs-run \"$run\"; fi; " +
        "mount --bind \"$2\" \"$1/src\"; mount -o remount,bind,ro \"$1/src\"; " +
        "mount --rbind \"$1\" \"$1\"; mount -o remount,bind,ro \"$1\"; " +
        "if [ \"$5\" = rust ]; then exec \"$4\" --socket-path=\"$3\" --shared-dir \"$1\" --cache never --sandbox namespace; fi; " +
        "exec \"$4\" --socket-path=\"$3\" -o source=\"$1\" -o cache=none";

    private readonly CancellationTokenSource _kill;
    private readonly Task<CliWrap.CommandResult> _process;
    private readonly ILogger _logger;

    private VirtioFsDaemon(string socketPath, CancellationTokenSource kill, Task<CliWrap.CommandResult> process, ILogger logger)
    {
        SocketPath = socketPath;
        _kill = kill;
        _process = process;
        _logger = logger;
    }

    public string SocketPath { get; }

    /// <summary>The names Debian installs it under: its own package (trixie on), qemu-system-common (bookworm).</summary>
    public static readonly string[] Candidates = ["virtiofsd", "/usr/libexec/virtiofsd", "/usr/lib/qemu/virtiofsd"];

    /// <summary>Where virtiofsd is, or a LabException saying how to get it or to do without.</summary>
    public static string Locate(ToolLocator tools) =>
        Candidates.Select(tools.Find).FirstOrDefault(p => p is not null)
        ?? throw new LabException(
            "virtiofsd was not found (looked on PATH, in /usr/libexec and /usr/lib/qemu); the source share needs it",
            "install it (Debian bookworm: qemu-system-common; trixie and later: virtiofsd; ./build.sh Setup does it), or copy the sources instead: --source-delivery sftp");

    /// <summary>Checks what starting a share needs, before a guest is booted for it; returns virtiofsd's path.</summary>
    public static string RequirePrerequisites(ToolLocator tools)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new LabException("the source share needs Linux (virtiofsd in a private mount namespace)", "copy the sources instead: --source-delivery sftp");
        }

        tools.Require("unshare", "util-linux");
        var virtiofsd = Locate(tools);
        if (UnprivilegedBlocker(tools) is { } why)
        {
            throw new LabException($"the source share cannot run as {Environment.UserName}: {why}",
                "./build.sh Setup names the fix; or copy the sources instead: --source-delivery sftp");
        }

        return virtiofsd;
    }

    /// <summary>Why this user cannot start the share (null for root, or when a user namespace with subordinate ids can be made).</summary>
    public static string? UnprivilegedBlocker(ToolLocator tools)
    {
        if (UserNamespace.IsRoot)
        {
            return null;
        }

        var probe = UserNamespace.Wrap(tools, subordinateIds: true, ["--mount"], ["true"]);
        var result = Cli.Wrap(probe[0]).WithArguments(probe.Skip(1)).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync().Task.GetAwaiter().GetResult();
        return result.ExitCode == 0 ? null
            : $"a user namespace with its subordinate ids cannot be made ({(result.StandardError + result.StandardOutput).Trim()})";
    }

    /// <summary>Starts virtiofsd on <paramref name="sharedDirectory"/> (which must hold an empty src/) with <paramref name="sources"/> at src/.</summary>
    public static async Task<VirtioFsDaemon> StartAsync(string sharedDirectory, string sources, string socketPath, ILogger logger, CancellationToken ct)
    {
        var tools = new ToolLocator();
        var virtiofsd = RequirePrerequisites(tools);
        var flavour = await IsRustAsync(virtiofsd, ct) ? "rust" : "c";
        File.Delete(socketPath);
        var output = new StringBuilder();
        var kill = CancellationTokenSource.CreateLinkedTokenSource(ct);
        logger.LogDebug("starting {Virtiofsd} ({Flavour}) on {Dir}, sources {Sources}, socket {Socket}", virtiofsd, flavour, sharedDirectory, sources, socketPath);
        string[] script = ["/bin/sh", "-c", NamespaceScript, "virtiofs-share",
            sharedDirectory, Path.GetFullPath(sources), socketPath, virtiofsd, flavour, UserNamespace.IsRoot ? "root" : "user"];
        var argv = UserNamespace.IsRoot
            ? [tools.Require("unshare", "util-linux"), "--mount", "--propagation", "private", "--", .. script]
            : UserNamespace.Wrap(tools, subordinateIds: true, ["--mount", "--propagation", "private"], script);
        var process = Cli.Wrap(argv[0])
            .WithArguments(argv.Skip(1))
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync(kill.Token)
            .Task;
        var daemon = new VirtioFsDaemon(socketPath, kill, process, logger);
        var deadline = DateTimeOffset.UtcNow + StartDeadline;
        while (!File.Exists(socketPath))
        {
            if (process.IsCompleted || DateTimeOffset.UtcNow > deadline)
            {
                await daemon.DisposeAsync();
                string said;
                lock (output)
                {
                    said = output.ToString().Trim();
                }

                throw new LabException($"virtiofsd did not start serving {sources}: {(said.Length == 0 ? "no socket after 10 s" : said)}",
                    "copy the sources instead with --source-delivery sftp, and see docs/TROUBLESHOOTING.md");
            }

            await Task.Delay(10, ct);
        }

        return daemon;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.IsCompleted)
        {
            _logger.LogDebug("stopping virtiofsd of {Socket}", SocketPath);
            await _kill.CancelAsync();
        }

        try
        {
            await _process;
        }
        catch (OperationCanceledException)
        {
            // The kill we asked for.
        }

        _kill.Dispose();
        File.Delete(SocketPath);
    }

    /// <summary>The Rust virtiofsd (its own package) takes --shared-dir; QEMU's C one only -o source=.</summary>
    private static async Task<bool> IsRustAsync(string virtiofsd, CancellationToken ct)
    {
        var help = new StringBuilder();
        await Cli.Wrap(virtiofsd).WithArguments(["--help"]).WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(help))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(help))
            .ExecuteAsync(ct);
        return help.ToString().Contains("--shared-dir", StringComparison.Ordinal);
    }
}
