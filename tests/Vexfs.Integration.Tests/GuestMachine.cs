using Microsoft.Extensions.Logging.Abstractions;
using Vexfs.Lab.Session;

[assembly: AssemblyFixture(typeof(Vexfs.Integration.Tests.GuestMachine))]

namespace Vexfs.Integration.Tests;

/// <summary>
/// The one guest the whole suite talks to, shared by every lane: the one a VmIntegration run booted (its
/// endpoint is in the environment), or, run alone (IDE, `dotnet test`), one booted here with the module built
/// and loaded. It boots on the first lane's request, so a run of tests that need no guest (the report
/// snapshots) boots none, and puts the probe there once for all lanes.
/// </summary>
public sealed class GuestMachine : IAsyncDisposable
{
    private readonly SemaphoreSlim booting = new(1, 1);
    private StandaloneGuest? standalone;
    private GuestEndpoint? endpoint;

    public async Task<GuestEndpoint> EndpointAsync(CancellationToken ct)
    {
        await booting.WaitAsync(ct);
        try
        {
            if (endpoint is not null)
            {
                return endpoint;
            }

            if (GuestEndpoint.FromEnvironment() is { } attached)
            {
                endpoint = attached;
            }
            else
            {
                standalone = await StandaloneGuest.StartAsync(ct);
                endpoint = standalone.Endpoint;
            }

            await using var session = await GuestSession.ConnectAsync(endpoint, TimeSpan.FromSeconds(60), NullLogger<GuestSession>.Instance, ct);
            await GuestProbe.UploadAsync(session, ct);

            return endpoint;
        }
        finally
        {
            booting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (standalone is not null)
        {
            await standalone.DisposeAsync();
        }

        booting.Dispose();
    }
}
