using System.Diagnostics;
using System.Globalization;
using Vexctl.Device;
using Vexctl.Output;

namespace Vexctl.Bench;

/// <summary>What `vexctl bench` runs.</summary>
internal sealed record BenchOptions(string Directory, int Vectors, int Queries, int K, string Metric, uint MetricValue, ulong Seed, int Dim, string? Subdir, bool Keep);

/// <summary>
/// Inserts N files with pseudo-random vectors (an insert = create the file + SET_VECTOR), then runs M
/// searches with pseudo-random queries, timing each call; removes its files unless asked to keep them.
/// </summary>
internal static class BenchRunner
{
    public static BenchReport Run(BenchOptions options, CancellationToken cancellationToken)
    {
        var workDir = Path.Combine(options.Directory, options.Subdir ?? $".bench-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");
        var created = !Directory.Exists(workDir);
        Directory.CreateDirectory(workDir);
        var files = new List<string>(options.Vectors);
        var random = new SplitMix64(options.Seed);
        try
        {
            var insertUs = new List<double>(options.Vectors);
            var insertClock = Stopwatch.StartNew();
            for (var i = 0; i < options.Vectors; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var vector = random.NextVector(options.Dim);
                var path = Path.Combine(workDir, $"v{i.ToString("D7", CultureInfo.InvariantCulture)}");
                var start = Stopwatch.GetTimestamp();
                File.Create(path).Dispose();
                files.Add(path);
                using (var file = VexfsFile.Open(path, "bench", write: true))
                {
                    file.SetVector(vector);
                }

                insertUs.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }

            insertClock.Stop();
            var searchUs = new List<double>(options.Queries);
            var searchClock = Stopwatch.StartNew();
            using (var dir = VexfsFile.Open(workDir, "bench", write: false, directory: true))
            {
                for (var i = 0; i < options.Queries; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var query = random.NextVector(options.Dim);
                    var start = Stopwatch.GetTimestamp();
                    dir.Search(query, options.K, options.MetricValue);
                    searchUs.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                }
            }

            searchClock.Stop();
            return new BenchReport(
                options.Vectors,
                options.Queries,
                options.Dim,
                options.K,
                options.Metric,
                options.Seed,
                Rate(options.Vectors, insertClock.Elapsed),
                Rate(options.Queries, searchClock.Elapsed),
                LatencyStats.Summarize(insertUs),
                LatencyStats.Summarize(searchUs));
        }
        finally
        {
            if (!options.Keep)
            {
                foreach (var file in files)
                {
                    File.Delete(file);
                }

                if (created)
                {
                    Directory.Delete(workDir);
                }
            }
        }
    }

    private static double Rate(int count, TimeSpan elapsed) =>
        count == 0 || elapsed <= TimeSpan.Zero ? 0 : Math.Round(count / elapsed.TotalSeconds, 1);
}
