using System.CommandLine;
using Vexctl.Abi;
using Vexctl.Bench;
using Vexctl.Cli;
using Vexctl.Device;
using Vexctl.Output;

namespace Vexctl.Commands;

/// <summary>`vexctl bench DIR --vectors N --queries M [--k 10] [--seed S] [--metric] [--dim] [--subdir] [--keep]`.</summary>
internal static class BenchCommand
{
    public static Command Create(CliIo io)
    {
        var dir = new Argument<string>("DIR") { Description = "Directory on a vexfs mount; files go to DIR/.bench-<pid>/ (or --subdir)" };
        var vectors = new Option<int>("--vectors") { Description = "Files to create, each with a vector", Required = true };
        Validation.InRange(vectors, 1, 10_000_000);
        var queries = new Option<int>("--queries") { Description = "Searches to run", Required = true };
        Validation.InRange(queries, 0, 10_000_000);
        var k = Validation.KOption();
        var metric = Validation.MetricOption();
        var seed = new Option<ulong>("--seed") { Description = "Seed of the vectors and queries (SplitMix64)", DefaultValueFactory = _ => 1 };
        var dim = new Option<int?>("--dim") { Description = "The filesystem's dimension (default: read from vexctl status)" };
        Validation.InRange(dim, 1, VexfsAbi.MaxDim);
        var subdir = new Option<string?>("--subdir") { Description = "Subdirectory of DIR for the files (default .bench-<pid>)" };
        var keep = new Option<bool>("--keep") { Description = "Keep the files instead of removing them" };
        var command = new Command("bench", "Measure insert and search speed; prints JSON") { dir, vectors, queries, k, metric, seed, dim, subdir, keep };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetRequiredValue(dir);
            var metricName = parse.GetValue(metric) ?? "l2";
            var options = new BenchOptions(
                path,
                parse.GetValue(vectors),
                parse.GetValue(queries),
                parse.GetValue(k),
                metricName,
                Validation.Metric(metricName),
                parse.GetValue(seed),
                parse.GetValue(dim) ?? DimensionLookup.ForPath(path, "bench"),
                parse.GetValue(subdir),
                parse.GetValue(keep));
            var report = BenchRunner.Run(options, ct);
            await OutputWriter.WriteAsync(io, OutputWriter.Json(report, VexctlJsonContext.Default.BenchReport), ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}
