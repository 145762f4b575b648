using System.Globalization;
using System.Text.Json.Nodes;

namespace Vexfs.Integration.Tests;

/// <summary>
/// vexctl as the tests call it in the guest: one place that knows its command lines and JSON. The *Command
/// members give the command for a <see cref="GuestScript"/>; the Parse* members read a step's output.
/// </summary>
public sealed class Vexctl(GuestFixture guest)
{
    /// <summary>
    /// How the commands call vexctl: by name, so in a lane's shell it is the function that hands the command to the
    /// lane's resident `vexctl serve` (GuestLane), and in a process that is not that shell (setpriv, a pipeline,
    /// `$(...)`) it is the binary on PATH. The binary's own start is what the smoke phase and those calls exercise.
    /// </summary>
    public const string Program = "vexctl";

    public const int ExitUsage = 2;
    public const int ExitNotVexfs = 5;
    public const int ExitKernelErrno = 6;

    public static string Join(IEnumerable<int> vector) => string.Join(',', vector.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    public static string SetCommand(string file, IEnumerable<int> vector) => $"{Program} vec set {file} {Join(vector)}";

    public static string GetCommand(string file) => $"{Program} vec get {file} --json";

    public static string ClearCommand(string file) => $"{Program} vec clear {file}";

    public static string StatusCommand => $"{Program} status --json";

    public static string SearchCommand(string dir, IEnumerable<int> query, int k, string metric) =>
        $"{Program} search {dir} --query={Join(query)} --k {k} --metric {metric} --json";

    /// <summary>The input of `vec import`: one "PATH&lt;TAB&gt;VALUES" line per file.</summary>
    public static string ImportText(IEnumerable<(string File, int[] Vector)> entries) =>
        string.Concat(entries.Select(e => $"{e.File}\t{Join(e.Vector)}\n"));

    /// <summary>`vec import` of a few files fed by a here-document: one process for all of them.</summary>
    public static string ImportCommand(IEnumerable<(string File, int[] Vector)> entries) =>
        $"{Program} vec import - <<'VEXFS_VECTORS'\n{ImportText(entries)}VEXFS_VECTORS";

    public static int[] ParseVector(string json) =>
        JsonNode.Parse(json)!["vector"]!.AsArray().Select(v => (int)v!).ToArray();

    public static IReadOnlyList<SearchHit> ParseHits(string json) =>
        JsonNode.Parse(json)!["results"]!.AsArray()
            .Select(r => new SearchHit((ulong)r!["ino"]!, (long)r["distance"]!))
            .ToList();

    public static JsonObject ParseStatus(string json) => (JsonObject)JsonNode.Parse(json)!;

    /// <summary>
    /// The status of the one mount of <paramref name="device"/>: the module-wide counts also hold the other lane's
    /// files, which run at the same time.
    /// </summary>
    public static JsonObject ParseMountStatus(string json, string device)
    {
        var name = System.IO.Path.GetFileName(device);
        var mounts = ParseStatus(json)["mountDetails"]?.AsArray() ?? [];
        var mount = mounts.OfType<JsonObject>().Where(m => (string?)m["device"] == name).ToList();
        Assert.True(mount.Count == 1, $"status lists {mount.Count} mounts of {name}: {json}");
        return mount[0];
    }

    public Task SetAsync(string file, IEnumerable<int> vector) => guest.OkAsync(SetCommand(file, vector));

    public async Task<int[]> GetAsync(string file) => ParseVector(await guest.OkAsync(GetCommand(file)));

    public Task ClearAsync(string file) => guest.OkAsync(ClearCommand(file));

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string dir, IEnumerable<int> query, int k, string metric) =>
        ParseHits(await guest.OkAsync(SearchCommand(dir, query, k, metric)));

    public async Task<JsonObject> StatusAsync() => ParseStatus(await guest.OkAsync(StatusCommand));
}

public sealed record SearchHit(ulong Ino, long Distance);
