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
/// back for the next lane (a connection costs 0.3-0.5 s under TCG; the serial collection runs after the others),
/// each with its lane still claimed and its vexctl server running (a claim costs 0.1-0.2 s: the server's start), and
/// gives the lanes back to the guest when the suite ends.
/// </summary>
public sealed class GuestMachine : IAsyncDisposable
{
    private readonly SemaphoreSlim booting = new(1, 1);
    private StandaloneGuest? standalone;
    private GuestEndpoint? endpoint;
    private readonly List<Parked> idle = [];
    private Task? probe;

    /// <summary>Done when the probe is in the guest (or the guest must build it): a lane's commands wait for it.</summary>
    public Task ProbeUploaded => probe ?? Task.CompletedTask;

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

            // The second parallel lane's session connects beside the first; the probe goes up through the first
            // (an exec channel of its own) while the lanes claim their devices, and a lane's first command waits for it.
            var spare = ConnectAsync(endpoint, ct);
            GuestSession? session = null;
            try
            {
                session = await ConnectAsync(endpoint, ct);
                probe = GuestProbe.UploadAsync(session, ct);
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

            ReturnSession(session, lane: null);
            ReturnSession(await spare, lane: null);
            return endpoint;
        }
        finally
        {
            booting.Release();
        }
    }

    /// <summary>
    /// A connected session: one a lane gave back, with its lane (the lowest-numbered first, so the serial collection
    /// gets the test disk of lane 0), or a new one without.
    /// </summary>
    public async Task<Parked> RentSessionAsync(CancellationToken ct)
    {
        var at = await EndpointAsync(ct);
        lock (idle)
        {
            if (idle.OrderBy(p => p.Lane?.Number ?? int.MaxValue).FirstOrDefault() is { } parked)
            {
                idle.Remove(parked);
                return parked;
            }
        }

        return new Parked(await ConnectAsync(at, ct), Lane: null);
    }

    /// <summary>Takes back a session that is still usable, with the lane it holds (unmounted), for the next fixture.</summary>
    public void ReturnSession(GuestSession session, GuestLane? lane)
    {
        lock (idle)
        {
            idle.Add(new Parked(session, lane));
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
        if (probe is not null)
        {
            // Its session is not closed under it; a failed upload was each lane's first command's error.
            await probe.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        // Side by side: each release stops a server and frees a device, on the lane's own session.
        await Task.WhenAll(idle.Select(ReleaseAsync));

        if (standalone is not null)
        {
            await standalone.DisposeAsync();
        }

        booting.Dispose();
    }

    private static async Task ReleaseAsync(Parked parked)
    {
        await using var session = parked.Session;
        if (parked.Lane is { } lane)
        {
            await session.RunInShellAsync(lane.ReleaseCommand, TimeSpan.FromSeconds(60), CancellationToken.None);
        }
    }

    /// <summary>An idle session and the lane it still holds, if any.</summary>
    public sealed record Parked(GuestSession Session, GuestLane? Lane);
}
