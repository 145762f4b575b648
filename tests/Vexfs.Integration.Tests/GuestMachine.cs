using Microsoft.Extensions.Logging.Abstractions;
using Vexfs.Lab;
using Vexfs.Lab.Session;

[assembly: AssemblyFixture(typeof(Vexfs.Integration.Tests.GuestMachine))]

namespace Vexfs.Integration.Tests;

/// <summary>
/// The one guest the whole suite talks to, shared by every lane: the one a VmIntegration run booted (its
/// endpoint is in the environment), or, run alone (IDE, `dotnet test`), one booted here with the module built
/// and loaded. It boots on the first lane's request, so a run of tests that need no guest (the report
/// snapshots) boots none, and puts the probe there once for all lanes. It keeps the SSH sessions lanes give
/// back for the next lane (a connection costs 0.3-0.5 s under TCG; the serial collection runs after the others).
/// </summary>
public sealed class GuestMachine : IAsyncDisposable
{
    private readonly SemaphoreSlim booting = new(1, 1);
    private StandaloneGuest? standalone;
    private GuestEndpoint? endpoint;
    private readonly Stack<GuestSession> idle = new();

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

            // The second parallel lane's session connects while the probe goes up through the first.
            var spare = ConnectAsync(endpoint, ct);
            GuestSession? session = null;
            try
            {
                session = await ConnectAsync(endpoint, ct);
                await GuestProbe.UploadAsync(session, ct);
            }
            catch
            {
                // Neither connection is left open behind the failure.
                if (session is not null)
                {
                    await session.DisposeAsync();
                }

                await DisposeQuietlyAsync(spare);
                throw;
            }

            ReturnSession(session);
            ReturnSession(await spare);
            return endpoint;
        }
        finally
        {
            booting.Release();
        }
    }

    /// <summary>A connected session: one a lane gave back, or a new one.</summary>
    public async Task<GuestSession> RentSessionAsync(CancellationToken ct)
    {
        var at = await EndpointAsync(ct);
        lock (idle)
        {
            if (idle.TryPop(out var session))
            {
                return session;
            }
        }

        return await ConnectAsync(at, ct);
    }

    /// <summary>Takes back a session that is still usable, for the next lane.</summary>
    public void ReturnSession(GuestSession session)
    {
        lock (idle)
        {
            idle.Push(session);
        }
    }

    // A lane's mounts are its own: in the session shell's own mount namespace the guest's systemd does not parse
    // mountinfo again at each of the suite's ~140 mounts and unmounts (1 s of guest CPU a run).
    private static async Task<GuestSession> ConnectAsync(GuestEndpoint at, CancellationToken ct)
    {
        var session = await GuestSession.ConnectAsync(at, TimeSpan.FromSeconds(60), NullLogger<GuestSession>.Instance, ct);
        session.KeepShellMountsPrivate();
        return session;
    }

    // The connection may have failed for the same reason as the one being reported: that one is the error.
    private static async Task DisposeQuietlyAsync(Task<GuestSession> connecting)
    {
        try
        {
            await (await connecting).DisposeAsync();
        }
        catch (Exception e) when (e is LabException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in idle)
        {
            await session.DisposeAsync();
        }

        if (standalone is not null)
        {
            await standalone.DisposeAsync();
        }

        booting.Dispose();
    }
}
