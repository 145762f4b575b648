using System.CommandLine;
using Vexctl.Cli;
using Vexctl.Device;
using Vexctl.Output;

namespace Vexctl.Commands;

/// <summary>`vexctl status [--json] [--full]`: the module's status from /dev/vexfs.</summary>
internal static class StatusCommand
{
    public static Command Create(CliIo io)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (always includes the per-mount details)" };
        var full = new Option<bool>("--full") { Description = "Also list every mounted vexfs (GET_STATUS_FULL)" };
        var command = new Command("status", "Show the vexfs module's version, ABI and counters, and its mounts") { json, full };
        command.SetAction((parse, ct) => RunAsync(io, parse.GetValue(json), parse.GetValue(full), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliIo io, bool json, bool full, CancellationToken cancellationToken)
    {
        StatusReport report;
        using (var control = ControlDevice.Open())
        {
            var status = control.GetStatus();
            report = StatusReader.ToReport(status, json || full ? control.GetStatusFull() : null);
        }

        var text = json ? OutputWriter.Json(report, VexctlJsonContext.Default.StatusReport) : TextFormatter.Status(report);
        await OutputWriter.WriteAsync(io, text, cancellationToken);
        return ExitCodes.Ok;
    }
}
