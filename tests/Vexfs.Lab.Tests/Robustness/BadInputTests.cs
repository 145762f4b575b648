using Vexfs.Lab.Machine;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Robustness;

/// <summary>
/// Bad input at the level a user meets it: the real ./build.sh, its exit code and what it prints. Each case
/// fails before anything starts (no QEMU, no image build, nothing in the cache directory).
/// </summary>
[Collection(SerialRuns.Name)]
public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    [Fact]
    public async Task An_unknown_kernel_series_lists_the_known_ones_and_says_what_to_pass()
    {
        var (code, output) = await RunAsync("GuestImage", "--kernel", "6.1,5.10");

        Assert.Equal(1, code);
        Assert.Contains("unknown kernel series '5.10'; known series: 6.1 (bookworm), 6.12 (trixie), latest (sid)", output, StringComparison.Ordinal);
        Assert.Contains("hint: pass one or more of them, e.g. --kernel 6.1", output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_cache.Path));
    }

    [Theory]
    [InlineData("--vm-memory", "lots", "expected an integer from 256 to 65536")]
    [InlineData("--vm-memory", "128", "expected an integer from 256 to 65536")]
    [InlineData("--vm-memory", "131072", "expected an integer from 256 to 65536")]
    [InlineData("--vm-cpus", "two", "expected an integer from 1 to 64")]
    [InlineData("--vm-cpus", "0", "expected an integer from 1 to 64")]
    [InlineData("--vm-cpus", "65", "expected an integer from 1 to 64")]
    [InlineData("--boot-timeout", "0", "expected an integer from 1 to 3600")]
    public async Task A_bad_machine_size_is_a_usage_error_naming_the_range(string parameter, string value, string expected)
    {
        var (code, output) = await RunAsync("VmIntegration", parameter, value);

        Assert.Equal(2, code);
        Assert.Contains($"Invalid value '{value}' for {parameter}: {expected}.", output, StringComparison.Ordinal);
        Assert.Contains("Run './build.sh --help' for the targets and parameters.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("── VmIntegration", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kvm_requested_where_it_is_unusable_fails_at_once_with_the_reason_and_the_alternatives()
    {
        var probe = AcceleratorProbe.Decide(AcceleratorKind.Auto, File.ReadAllText("/proc/cpuinfo"), KvmDeviceState.Probe());
        Assert.SkipWhen(probe.Kind == AcceleratorKind.Kvm, "KVM works on this host; the case needs one where it does not");

        var (code, output) = await RunAsync("VmIntegration", "--accel", "kvm");

        Assert.Equal(125, code); // the kit cannot judge the module here: git bisect run skips, not blames
        Assert.Contains("KVM was requested (--accel kvm) but is not usable here: ", output, StringComparison.Ordinal);
        Assert.Contains("hint: use --accel auto or --accel tcg", output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_cache.Path));
    }

    [Fact]
    public async Task Missing_qemu_is_named_with_its_package_and_setup_before_anything_starts()
    {
        using var path = new ShadowPath("qemu-system-x86_64", "qemu-img");

        var (code, output) = await RunAsync(path, "VmIntegration");

        Assert.Equal(125, code); // the kit cannot judge the module here: git bisect run skips, not blames
        Assert.Contains("the VM lab needs tools that are not on PATH: qemu-img (Debian package qemu-utils), qemu-system-x86_64 (Debian package qemu-system-x86)", output, StringComparison.Ordinal);
        Assert.Contains("hint: run ./build.sh Setup (as root; it installs every package the kit needs), or apt-get install qemu-utils qemu-system-x86", output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_cache.Path));
    }

    [Theory]
    [InlineData("mmdebstrap", "mmdebstrap", "mmdebstrap")]
    [InlineData("packer", "packer", "packer")]
    public async Task A_missing_image_builder_is_named_before_the_image_build(string builder, string hidden, string package)
    {
        using var path = new ShadowPath(hidden);

        var (code, output) = await RunAsync(path, "GuestImage", "--image-builder", builder);

        Assert.Equal(1, code);
        Assert.Contains($"the VM lab needs tools that are not on PATH: {hidden} (Debian package {package})", output, StringComparison.Ordinal);
        Assert.Contains("hint: run ./build.sh Setup", output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_cache.Path));
    }

    public void Dispose() => _cache.Dispose();

    private Task<(int, string)> RunAsync(params string[] arguments) => RunAsync(null, arguments);

    /// <summary>--skip alone runs only the named target: no restore, no vexctl publish.</summary>
    private async Task<(int, string)> RunAsync(ShadowPath? path, params string[] arguments)
    {
        var environment = path is null ? null : new Dictionary<string, string?> { ["PATH"] = path.Value };
        var (code, output) = await BuildScript.RunAsync([.. arguments, "--skip", "--cache-dir", _cache.Path], TestContext.Current.CancellationToken, environment);
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        return (code, output);
    }
}
