using Vexfs.Lab.Images;

namespace Vexfs.Lab.Tests;

/// <summary>A builder that writes placeholder entry files and counts its builds (the cache logic is what is tested).</summary>
internal sealed class FakeImageBuilder(TimeSpan buildTime) : IImageBuilder
{
    private int _builds;

    public int Builds => _builds;

    public string Name => "fake";

    public string Identity => "fake 1";

    public async Task<BuiltImage> BuildAsync(ImageBuildRequest request, CancellationToken ct)
    {
        Interlocked.Increment(ref _builds);
        Assert.True(File.Exists(Path.Combine(request.WorkDirectory, "hostkey", "ssh_host_ed25519_key")), "the host key is made before the builder runs");
        await Task.Delay(buildTime, ct);
        foreach (var name in new[] { "root.qcow2", "vmlinuz", "initrd.img" })
        {
            await File.WriteAllTextAsync(Path.Combine(request.WorkDirectory, name), $"{name} for {request.Series.Suite}", ct);
        }

        return new BuiltImage("6.1.0-99-cloud-amd64", new Dictionary<string, string> { ["linux-image-cloud-amd64"] = "6.1.999-1" });
    }
}
