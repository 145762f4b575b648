using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Vexfs.Lab.Machine;

/// <summary>Saving a running guest's state to a file, and waiting for a restore (-incoming) to finish.</summary>
public sealed partial class QemuMachine
{
    private static readonly TimeSpan IncomingDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SaveDeadline = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan QmpPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Stops the guest, streams its device state to <paramref name="statePath"/> (QEMU 7.2 has no file: URI,
    /// so exec:cat) and its RAM to <paramref name="ramPath"/>, copies the disk overlay of that moment to
    /// <paramref name="diskPath"/>, and lets the guest run on. Migration flushes and inactivates the disks
    /// before it completes, so the copy is consistent.
    /// </summary>
    public async Task<TimeSpan> SaveStateAsync(string statePath, string ramPath, string diskPath, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(SaveDeadline);
        await using var qmp = await QmpClient.ConnectAsync(_files.QmpSocket, deadline.Token);
        await qmp.ExecuteAsync("stop", null, deadline.Token);
        try
        {
            // The default migration bandwidth cap (32 MiB/s) would make a save of a few hundred MiB take seconds.
            await qmp.ExecuteAsync("migrate-set-parameters", new JsonObject { ["max-bandwidth"] = 8L << 30 }, deadline.Token);
            await qmp.ExecuteAsync("migrate-set-capabilities", IgnoreSharedRam, deadline.Token);
            await qmp.ExecuteAsync("migrate", new JsonObject { ["uri"] = $"exec:cat > {QemuArguments.ShellQuote(statePath)}" }, deadline.Token);
            while (true)
            {
                var status = (await qmp.ExecuteAsync("query-migrate", null, deadline.Token))?.AsObject();
                var state = status?["status"]?.GetValue<string>();
                if (state == "completed")
                {
                    break;
                }

                if (state is "failed" or "cancelled")
                {
                    throw new LabException($"saving the guest state failed: {status?["error-desc"]?.GetValue<string>() ?? state}");
                }

                await Task.Delay(QmpPoll, deadline.Token);
            }

            await GuestRamImage.SaveAsync(GuestRamImage.MemfdPath(ReadPid()), ramPath, deadline.Token);
            File.Copy(_files.Overlay, diskPath, overwrite: true);
        }
        finally
        {
            if (!_process.IsCompleted)
            {
                await qmp.ExecuteAsync("cont", null, CancellationToken.None);
            }
        }

        _logger.LogInformation("guest state saved in {Seconds:F1} s: {Bytes} MiB of RAM", watch.Elapsed.TotalSeconds, new FileInfo(ramPath).Length >> 20);
        return watch.Elapsed;
    }

    /// <summary>The guest's RAM (the memfd backend, share=on) is left out of the stream: it is saved and restored as a file.</summary>
    private static JsonObject IgnoreSharedRam => new()
    {
        ["capabilities"] = new JsonArray(new JsonObject { ["capability"] = "x-ignore-shared", ["state"] = true }),
    };

    /// <summary>
    /// Fills the waiting QEMU's RAM from <paramref name="saved"/>'s ram.bin, has it read the device state from
    /// fd 3, and waits for the guest to run. Null once it runs; else why not.
    /// </summary>
    private async Task<string?> LoadIncomingAsync(SavedState saved, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(IncomingDeadline);
        try
        {
            await GuestRamImage.LoadAsync(saved.RamPath, GuestRamImage.MemfdPath(ReadPid()), deadline.Token);
            await using var qmp = await QmpClient.ConnectAsync(_files.QmpSocket, deadline.Token);
            await qmp.ExecuteAsync("migrate-set-capabilities", IgnoreSharedRam, deadline.Token);
            await qmp.ExecuteAsync("migrate-incoming", new JsonObject { ["uri"] = "fd:3" }, deadline.Token);
        }
        catch (LabException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SocketException)
        {
            return _process.IsCompleted ? ExitDescription() : $"loading the saved RAM failed: {e.Message}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"the saved RAM did not load within {IncomingDeadline.TotalSeconds:F0} s";
        }

        return await WaitForIncomingAsync(ct);
    }

    /// <summary>Null once the incoming state is loaded and the guest runs; else why not.</summary>
    private async Task<string?> WaitForIncomingAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(IncomingDeadline);
        try
        {
            await using var qmp = await QmpClient.ConnectAsync(_files.QmpSocket, deadline.Token);
            while (true)
            {
                if (_process.IsCompleted)
                {
                    return ExitDescription();
                }

                var status = (await qmp.ExecuteAsync("query-status", null, deadline.Token))?["status"]?.GetValue<string>();
                if (status == "running")
                {
                    return null;
                }

                if (status == "paused")
                {
                    // The state was saved from a stopped guest, and QEMU restores that run state too.
                    await qmp.ExecuteAsync("cont", null, deadline.Token);
                    return null;
                }

                if (status is not ("inmigrate" or "prelaunch" or "restore-vm"))
                {
                    return $"the guest is '{status}' after loading the state";
                }

                await Task.Delay(QmpPoll, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"the state did not load within {IncomingDeadline.TotalSeconds:F0} s";
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // QEMU exits when the stream is bad; its stderr says why.
            await Task.WhenAny(_process, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
            return _process.IsCompleted ? ExitDescription() : $"QMP connection lost: {e.Message}";
        }
    }
}
