using Microsoft.Extensions.Logging;
using Spectre.Console;
using Vexfs.Lab;
using Vexfs.Lab.Debug;
using Vexfs.Lab.Pipeline;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>Debugging a guest kernel from the host: VmShell --gdb (QEMU's gdb stub) and the kernel's debug symbols.</summary>
internal sealed partial class Build
{
    [Parameter("VmShell: open QEMU's gdb stub on 127.0.0.1 (a free port) and print the gdb command that attaches")]
    public bool Gdb;

    [Parameter("With --gdb: fetch the guest kernel's vmlinux with symbols (Debian's linux-image-<release>-dbg, about 280 MB once, cached) and boot with nokaslr")]
    public bool DebugSymbols;

    private GuestLauncher ShellLauncher(VmLab lab) =>
        Gdb ? new GuestLauncher(lab.Options, lab.Images, lab.ChooseAccelerator(), LoggerFactory) { GdbPort = GdbAttach.PickPort(), FixedKernelAddresses = DebugSymbols }
            : lab.Launcher(lab.ChooseAccelerator());

    /// <summary>Prints the gdb command for the shell's guest: vmlinux when fetched, the loaded module's symbols.</summary>
    private async Task PrintGdbCommandAsync(GuestLauncher launcher, BootedGuest guest, IModuleInstall install, string runDirectory, CancellationToken ct)
    {
        if (launcher.GdbPort is not { } port)
        {
            return;
        }

        string? vmlinux = null;
        if (DebugSymbols)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(20) };
            vmlinux = await new KernelDebugSymbols(CacheDirectory, LoggerFactory).EnsureVmlinuxAsync(guest.Image, http, ct);
        }

        ModuleSymbols? module = null;
        var lab = Lab;
        try
        {
            var loaded = await GuestDebugger.ModuleSymbolsAsync(guest.Session, "vexfs", GuestPaths.Module, runDirectory, ct);
            module = loaded with { Sources = GuestDebugger.Sources(install.BuildDirectory, lab.ModuleSources) };
        }
        catch (LabException ex)
        {
            Logger.LogWarning("no module symbols for gdb: {Reason}", ex.Message);
        }

        var attach = new GdbAttach(port, vmlinux, module);
        Console.WriteLine($"QEMU's gdb stub listens on 127.0.0.1:{port}{(DebugSymbols ? $"; the guest runs with {GdbAttach.KernelArgs}" : "")}. Attach with:");
        // Raw, not through the console's renderer: it would wrap the long line with real newlines, and the
        // command must survive a copy and paste.
        Console.Profile.Out.Writer.WriteLine("  gdb " + attach);
        await GdbAttachFiles.WriteAsync(RootDirectory, attach, ct);
        Console.Profile.Out.Writer.WriteLine($"  (or in VS Code: the \"{VexfsBuild.Workbench.WorkbenchFiles.GdbEntryName}\" debug entry, which sources {GdbAttachFiles.Script})");
        if (vmlinux is null)
        {
            Console.WriteLine("  (no kernel symbols: add --debug-symbols to fetch vmlinux; registers, memory and the module's symbols, " +
                "its breakpoints and arguments work without it, but bt stops at the module's caller)");
        }

        Console.WriteLine("  (gdb stops the guest while it is attached; `continue` lets it run, `detach` leaves it running)");
    }
}
