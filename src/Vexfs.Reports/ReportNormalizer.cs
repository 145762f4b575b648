using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vexfs.Reports;

/// <summary>
/// Turns a <see cref="RunReport"/> into JSON with everything that varies between runs replaced by
/// placeholders, for snapshot tests: what stays is the structure, phase and test names and statuses,
/// the verdict, failure and finding classes, and the vexctl status fields. A change in any of those is a
/// visible snapshot diff; a new boot's timings or a new kernel build number is not.
/// </summary>
public static class ReportNormalizer
{
    private const string Measured = "<measured>";

    // Bench fields that describe the workload (kept) rather than measure it (replaced).
    private static readonly HashSet<string> BenchWorkload = new(StringComparer.Ordinal) { "vectors", "queries", "dim", "k" };

    public static string Normalize(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);

        // Tests run in a different order each time; the snapshot is about which ran and how they ended.
        if (report.Tests is { } tests)
        {
            report = report with { Tests = tests with { Tests = [.. tests.Tests.OrderBy(t => t.Name, StringComparer.Ordinal)] } };
        }

        var root = JsonSerializer.SerializeToNode(report, ReportJson.Options)!.AsObject();

        root["startedAt"] = "<time>";
        root["duration"] = "<duration>";
        if (root["consoleTail"] is not null)
        {
            // Boot order and timing shift every line of the tail; its presence is what is stable.
            root["consoleTail"] = "<console tail>";
        }

        foreach (var node in Items(root["phases"]).Concat(Items(root["tests"]?["tests"])))
        {
            node["duration"] = "<duration>";
        }

        // A passed boot says whether it restored the saved state or booted cold: that depends on the cache,
        // not on the module. A failed boot's detail is the reason and stays.
        foreach (var phase in Items(root["phases"]))
        {
            if ((string?)phase["name"] == PhaseNames.Boot && (string?)phase["status"] == nameof(PhaseStatus.Passed) && phase["detail"] is not null)
            {
                phase["detail"] = "<restored or cold>";
            }
        }

        foreach (var finding in Items(root["findings"]))
        {
            finding["line"] = "<line>";
        }

        if (root["bench"] is JsonObject bench)
        {
            ReplaceMeasurements(bench);
        }

        if (root["vexctlStatus"] is JsonObject status)
        {
            ScrubVaryingFields(status);
        }

        ScrubStrings(root);
        return root.ToJsonString(ReportJson.Options) + "\n";
    }

    private static IEnumerable<JsonObject> Items(JsonNode? array) =>
        array is JsonArray a ? a.OfType<JsonObject>() : [];

    private static void ReplaceMeasurements(JsonObject obj)
    {
        foreach (var (name, value) in obj.ToList())
        {
            if (value is JsonObject inner)
            {
                ReplaceMeasurements(inner);
            }
            else if (value is JsonValue && !BenchWorkload.Contains(name))
            {
                obj[name] = Measured;
            }
        }
    }

    // vexctl reports times, uptimes, pids and the like next to the facts the snapshot is about.
    private static void ScrubVaryingFields(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                ScrubVaryingFields(item);
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        foreach (var (name, value) in obj.ToList())
        {
            if (value is JsonObject or JsonArray)
            {
                ScrubVaryingFields(value);
            }
            else if (value is JsonValue && IsVaryingName(name))
            {
                obj[name] = "<varies>";
            }
        }
    }

    private static bool IsVaryingName(string name)
    {
        var n = name.ToLowerInvariant();
        string[] parts = ["time", "duration", "elapsed", "latency", "uptime", "jiffies", "date", "port", "pid", "address", "srcversion"];
        return parts.Any(n.Contains) || name.EndsWith("At", StringComparison.Ordinal)
            || name.EndsWith("Ns", StringComparison.Ordinal) || name.EndsWith("Us", StringComparison.Ordinal)
            || name.EndsWith("Ms", StringComparison.Ordinal);
    }

    private static void ScrubStrings(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        obj[name] = ReportScrubber.Scrub(s);
                    }
                    else
                    {
                        ScrubStrings(value);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        array[i] = ReportScrubber.Scrub(s);
                    }
                    else
                    {
                        ScrubStrings(array[i]);
                    }
                }

                break;
        }
    }
}
