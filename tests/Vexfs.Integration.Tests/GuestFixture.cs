using Microsoft.Extensions.Logging.Abstractions;
using Vexfs.Lab;
using Vexfs.Lab.Pipeline;

namespace Vexfs.Integration.Tests;

/// <summary>
/// The guest every test talks to. Attaches to the guest a VmIntegration run booted (its endpoint is in the
/// environment); run alone (IDE, `dotnet test`), it boots one itself with the module built and loaded.
/// </summary>
public sealed class GuestFixture : IAsyncLifetime
{
    private StandaloneGuest? standalone;
    private GuestSession? session;

    public GuestSession Session => session ?? throw new InvalidOperationException("the guest fixture is not initialised");

    public string Device { get; } = Environment.GetEnvironmentVariable("VEXFS_GUEST_DEVICE") ?? GuestPaths.VexfsDevice;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var endpoint = GuestEndpoint.FromEnvironment();
        if (endpoint is null)
        {
            standalone = await StandaloneGuest.StartAsync(ct);
            endpoint = standalone.Endpoint;
        }

        session = await GuestSession.ConnectAsync(endpoint, TimeSpan.FromSeconds(60), NullLogger<GuestSession>.Instance, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (session is not null)
        {
            await session.DisposeAsync();
        }

        if (standalone is not null)
        {
            await standalone.DisposeAsync();
        }
    }

    public Task<CommandResult> RunAsync(string command, int timeoutSeconds = 120) =>
        Session.RunAsync(command, TimeSpan.FromSeconds(timeoutSeconds), TestContext.Current.CancellationToken);

    /// <summary>Runs a command that must succeed and returns its standard output.</summary>
    public async Task<string> OkAsync(string command, int timeoutSeconds = 120)
    {
        var result = await RunAsync(command, timeoutSeconds);
        Assert.True(result.Succeeded, $"`{command}` failed (exit {result.ExitCode}{(result.TimedOut ? ", timed out" : "")}):\n{result.Stderr}\n{result.Stdout}");
        return result.Stdout;
    }

    /// <summary>Runs a command that must fail and returns its standard error.</summary>
    public async Task<CommandResult> FailsAsync(string command, int timeoutSeconds = 120)
    {
        var result = await RunAsync(command, timeoutSeconds);
        Assert.False(result.TimedOut, $"`{command}` timed out");
        Assert.NotEqual(0, result.ExitCode);
        return result;
    }

    /// <summary>Formats the test disk with the given dimension and mounts it; disposing unmounts.</summary>
    public async Task<MountedVexfs> FormatAndMountAsync(int dim, string mountPoint = "/mnt/vexfs-test", string? device = null, string options = "")
    {
        device ??= Device;
        await RunAsync($"umount {mountPoint} 2>/dev/null; true");
        await OkAsync($"{GuestPaths.Vexctl} mkfs {device} --dim {dim} --force");
        var fs = new MountedVexfs(this, device, mountPoint, options);
        await OkAsync($"mkdir -p {mountPoint}");
        await fs.MountAsync();
        return fs;
    }
}

[CollectionDefinition(Name)]
public sealed class GuestGroup : ICollectionFixture<GuestFixture>
{
    public const string Name = "guest";
}
