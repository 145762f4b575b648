using System.CommandLine;
using Vexctl.Abi;
using Vexctl.Cli;
using Vexctl.Device;
using Vexctl.Mkfs;
using Vexctl.Output;

namespace Vexctl.Commands;

/// <summary>`vexctl mkfs DEVICE --dim N [--inodes N] [--label L] [--force] [--json]`.</summary>
internal static class MkfsCommand
{
    public static Command Create(CliIo io)
    {
        var device = new Argument<string>("DEVICE") { Description = "Block device or image file to format (an image must exist: truncate -s 64M img)" };
        var dim = new Option<int>("--dim") { Description = $"Vector dimension of every file (1..{VexfsAbi.MaxDim})", Required = true };
        Validation.InRange(dim, 1, VexfsAbi.MaxDim);
        var inodes = new Option<int?>("--inodes") { Description = "Number of inodes, rounded up to a multiple of 32 (default: blocks/4, 64..65536)" };
        Validation.InRange(inodes, 1, int.MaxValue);
        var label = new Option<string>("--label") { Description = "Filesystem label (at most 31 bytes)", DefaultValueFactory = _ => "" };
        Validation.MaxUtf8Bytes(label, 31);
        var force = new Option<bool>("--force", "-f") { Description = "Format even if the device holds a vexfs filesystem or looks mounted" };
        var json = new Option<bool>("--json") { Description = "Print the layout written as JSON" };
        var command = new Command("mkfs", "Create a vexfs filesystem on a block device or image file") { device, dim, inodes, label, force, json };
        command.SetAction((parse, ct) => RunAsync(
            io,
            parse.GetRequiredValue(device),
            (uint)parse.GetValue(dim),
            (uint?)parse.GetValue(inodes),
            parse.GetValue(label) ?? "",
            parse.GetValue(force),
            parse.GetValue(json),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(
        CliIo io, string device, uint dim, uint? inodes, string label, bool force, bool json, CancellationToken cancellationToken)
    {
        MkfsReport report;
        using (var target = MkfsTarget.Open(device, force, MountTable.Load()))
        {
            var layout = FormatLayout.Compute(target.SizeBytes, dim, inodes);
            var identity = MkfsIdentity.Create(label);
            await MkfsWriter.WriteAsync(target.Handle, layout, identity, cancellationToken);
            target.Flush();
            report = new MkfsReport(
                device,
                layout.BlockCount,
                layout.InodeCount,
                layout.VectorDim,
                layout.InodeBitmapStart,
                layout.BlockBitmapStart,
                layout.InodeTableStart,
                layout.VectorTableStart,
                layout.DataStart,
                layout.FreeBlocks,
                layout.FreeInodes,
                identity.UuidText,
                label);
        }

        var text = json ? OutputWriter.Json(report, VexctlJsonContext.Default.MkfsReport) : TextFormatter.Mkfs(report);
        await OutputWriter.WriteAsync(io, text, cancellationToken);
        return ExitCodes.Ok;
    }
}
