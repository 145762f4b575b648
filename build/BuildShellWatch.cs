using Spectre.Console;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Pipeline;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>VmShell --watch: an edit in vexfs-kernel/ is rebuilt and swapped into the running guest.</summary>
internal sealed partial class Build
{
    [Parameter("VmShell: on every saved edit in vexfs-kernel/, rebuild the module (as --module-build says) and swap it into the running guest: unmount, rmmod, insmod, status, kernel-log scan")]
    public bool Watch;

    /// <summary>VmShell's wait until Ctrl-C; with --watch, one rebuild and reload per edit meanwhile.</summary>
    private async Task WaitInShellAsync(BootedGuest guest, IModuleInstall install, CancellationToken ct)
    {
        if (!Watch)
        {
            await Task.Delay(Timeout.Infinite, ct);
            return;
        }

        using var watcher = new SourceWatcher(install.Settings.Directory);
        var reloader = new ModuleReloader(guest, install);
        Console.WriteLine($"Watching {install.Settings.Directory}: each saved edit is built ({install.Settings.ModuleBuild.ToString().ToLowerInvariant()}) and reloaded in the guest.");
        while (true)
        {
            var changed = await watcher.NextAsync(ct);
            var result = await reloader.ReloadAsync(ct);
            var what = Markup.Escape(string.Join(' ', changed));
            if (result.Succeeded)
            {
                Console.MarkupLine($"[green]reloaded[/] {what}: built in {result.Build.TotalSeconds:F1} s, swapped in {result.Reload.TotalSeconds:F1} s");
                continue;
            }

            Console.MarkupLine($"[red]{Markup.Escape(result.FailedStep ?? "kernel log")} failed[/] after {what}: {Markup.Escape(result.Message)}");
            foreach (var finding in result.Findings.Take(3))
            {
                Console.Profile.Out.Writer.WriteLine(finding.Block);
            }
        }
    }
}
