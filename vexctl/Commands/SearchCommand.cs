using System.CommandLine;
using Vexctl.Cli;
using Vexctl.Device;
using Vexctl.Output;
using Vexctl.Vectors;

namespace Vexctl.Commands;

/// <summary>`vexctl search DIR --query v1,... | --query-from PATH [--k N] [--metric l2|dot] [--json] [--quantize]`.</summary>
internal static class SearchCommand
{
    public static Command Create(CliIo io)
    {
        var dir = new Argument<string>("DIR") { Description = "Any directory of the vexfs mount (the search covers the whole mount)" };
        var query = new Option<string?>("--query") { Description = "Query vector, e.g. 1,-2,3 (write --query=-1,2 when it starts with '-')" };
        var queryFrom = new Option<string?>("--query-from") { Description = "Read the query from a file, or '-' for stdin" };
        var k = Validation.KOption();
        var metric = Validation.MetricOption();
        var json = new Option<bool>("--json") { Description = "Print {\"metric\",\"k\",\"count\",\"results\"} as JSON" };
        var quantize = new Option<bool>("--quantize", "-q") { Description = "The query holds real numbers: scale them to int8" };
        var command = new Command("search", "Find the k files whose vectors are nearest to a query") { dir, query, queryFrom, k, metric, json, quantize };
        Validation.ExactlyOne(command, query, queryFrom, "the query vector");
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(queryFrom) is { } source ? await VectorSource.ReadAsync(source, io, ct) : parse.GetValue(query) ?? "";
            var vector = VectorParser.Parse(text, parse.GetValue(quantize));
            var path = parse.GetRequiredValue(dir);
            var metricName = parse.GetValue(metric) ?? "l2";
            var count = parse.GetValue(k);
            Abi.VexfsSearchResult[] results;
            using (var target = VexfsFile.Open(path, "search", write: false, directory: true))
            {
                results = target.Search(vector, count, Validation.Metric(metricName));
            }

            var paths = InodePathResolver.Resolve(path, results.Select(r => r.Ino));
            var hits = results.Select((r, i) => new SearchHit(i + 1, r.Ino, r.Distance, paths.GetValueOrDefault(r.Ino))).ToList();
            var report = new SearchReport(metricName, count, hits.Count, hits);
            var output = parse.GetValue(json) ? OutputWriter.Json(report, VexctlJsonContext.Default.SearchReport) : TextFormatter.Search(report);
            await OutputWriter.WriteAsync(io, output, ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}
