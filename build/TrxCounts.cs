using System.Globalization;
using System.Xml.Linq;

namespace VexfsBuild;

/// <summary>Summed result counters of TRX files (the &lt;Counters&gt; element of each run).</summary>
internal sealed record TrxCounts(int Passed, int Failed, int Skipped)
{
    public static async Task<TrxCounts> SumAsync(IEnumerable<string> paths, CancellationToken ct)
    {
        var total = new TrxCounts(0, 0, 0);
        foreach (var path in paths)
        {
            await using var stream = File.OpenRead(path);
            var document = await XDocument.LoadAsync(stream, LoadOptions.None, ct);
            var counters = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
            if (counters is null)
            {
                continue;
            }

            total = new TrxCounts(
                total.Passed + Read(counters, "passed"),
                total.Failed + Read(counters, "failed") + Read(counters, "error") + Read(counters, "timeout") + Read(counters, "aborted"),
                total.Skipped + Read(counters, "notExecuted"));
        }

        return total;
    }

    private static int Read(XElement counters, string name) =>
        int.TryParse(counters.Attribute(name)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
