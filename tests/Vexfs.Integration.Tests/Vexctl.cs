using System.Globalization;
using System.Text.Json.Nodes;
using Vexfs.Lab.Pipeline;

namespace Vexfs.Integration.Tests;

/// <summary>vexctl as the tests call it in the guest: one place that knows its command lines and JSON.</summary>
public sealed class Vexctl(GuestFixture guest)
{
    public const int ExitKernelErrno = 6;
    public const int ExitNotVexfs = 5;

    public static string Join(IEnumerable<int> vector) => string.Join(',', vector.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    public static string SetCommand(string file, IEnumerable<int> vector) => $"{GuestPaths.Vexctl} vec set {file} {Join(vector)}";

    public Task SetAsync(string file, IEnumerable<int> vector) => guest.OkAsync(SetCommand(file, vector));

    public async Task<int[]> GetAsync(string file)
    {
        var json = JsonNode.Parse(await guest.OkAsync($"{GuestPaths.Vexctl} vec get {file} --json"))!;
        return json["vector"]!.AsArray().Select(v => (int)v!).ToArray();
    }

    public Task ClearAsync(string file) => guest.OkAsync($"{GuestPaths.Vexctl} vec clear {file}");

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string dir, IEnumerable<int> query, int k, string metric)
    {
        var output = await guest.OkAsync($"{GuestPaths.Vexctl} search {dir} --query {Join(query)} --k {k} --metric {metric} --json");
        var json = JsonNode.Parse(output)!;
        return json["results"]!.AsArray()
            .Select(r => new SearchHit((ulong)r!["ino"]!, (long)r["distance"]!))
            .ToList();
    }

    public async Task<JsonObject> StatusAsync() =>
        (JsonObject)JsonNode.Parse(await guest.OkAsync($"{GuestPaths.Vexctl} status --json"))!;
}

public sealed record SearchHit(ulong Ino, long Distance);
