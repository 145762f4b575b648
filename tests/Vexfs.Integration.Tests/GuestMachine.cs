using Vexfs.Lab.Session;

[assembly: AssemblyFixture(typeof(Vexfs.Integration.Tests.GuestMachine))]

namespace Vexfs.Integration.Tests;

/// <summary>
/// The one guest the whole suite talks to, shared by every lane: the one a VmIntegration run booted (its
/// endpoint is in the environment), or, run alone (IDE, `dotnet test`), one booted here with the module built
/// and loaded. It boots on the first lane's request, so a run of tests that need no guest (the report
/// snapshots) boots none.
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
            if (endpoint is null && GuestEndpoint.FromEnvironment() is { } attached)
            {
                endpoint = attached;
            }
            else if (endpoint is null)
            {
                standalone = await StandaloneGuest.StartAsync(ct);
                endpoint = standalone.Endpoint;
            }

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
