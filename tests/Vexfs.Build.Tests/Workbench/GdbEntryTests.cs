using System.Diagnostics;
using System.Text.Json.Nodes;
using Vexfs.Lab.Debug;
using VexfsBuild;

namespace Vexfs.Build.Tests.Workbench;

/// <summary>
/// VS Code's "Attach gdb to VmShell --gdb" entry sources the script VmShell --gdb writes, and that script attaches
/// for real: a QEMU halted at reset (-S) with its gdb stub stands for the guest, and gdb run on the script reads
/// the CPU's registers through it.
/// </summary>
public sealed class GdbEntryTests
{
    [Fact]
    public void Launch_entry_sources_the_script_VmShell_writes()
    {
        var launch = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, ".vscode", "launch.json")))!["configurations"]!.AsArray();
        var entry = launch.Single(e => (string?)e!["name"] == VexfsBuild.Workbench.WorkbenchFiles.GdbEntryName)!;

        Assert.Equal("cppdbg", (string?)entry["type"]);
        Assert.Equal("gdb", (string?)entry["MIMode"]);
        Assert.Equal("source ${workspaceFolder}/" + GdbAttachFiles.Script, (string?)entry["customLaunchSetupCommands"]![0]!["text"]);
        Assert.Equal("${workspaceFolder}/" + GdbAttachFiles.Symbols, (string?)entry["program"]);
    }

    [Fact]
    public async Task The_written_script_attaches_gdb_to_a_real_QEMU_stub()
    {
        var root = Directory.CreateTempSubdirectory("vexfs-gdb-").FullName;
        var port = GdbAttach.PickPort();
        using var qemu = Process.Start(new ProcessStartInfo("qemu-system-x86_64", ["-S", "-gdb", $"tcp:127.0.0.1:{port}", "-display", "none", "-nodefaults", "-m", "64"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            await GdbAttachFiles.WriteAsync(root, new GdbAttach(port), TestContext.Current.CancellationToken);
            var script = Path.Combine(root, GdbAttachFiles.Script);

            GdbResult? gdb = null;
            for (var attempt = 0; attempt < 30 && gdb is not { Attached: true }; attempt++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken); // the stub listens once QEMU is up
                var run = await Repository.RunAsync("gdb", ["-batch", "-nx", "-x", script, "-ex", "info registers rip"], root);
                gdb = new GdbResult(run.StandardOutput + run.StandardError);
            }

            Assert.True(gdb is { Attached: true }, "gdb did not attach through the script: " + gdb?.Output);
            Assert.Contains("0xfff0", gdb!.Output, StringComparison.Ordinal); // the reset vector's rip
        }
        finally
        {
            qemu.Kill(entireProcessTree: true);
            await qemu.WaitForExitAsync(TestContext.Current.CancellationToken);
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed record GdbResult(string Output)
    {
        public bool Attached => Output.Contains("rip", StringComparison.Ordinal) && !Output.Contains("Connection refused", StringComparison.Ordinal);
    }
}
