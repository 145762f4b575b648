using Vexfs.Lab.Pipeline;
using Vexfs.Lab.Session;

namespace Vexfs.Integration.Tests;

/// <summary>
/// One lane's view of the guest: its own SSH session, test device and mount point (<see cref="GuestLane"/>) on
/// the suite's shared <see cref="GuestMachine"/>. Each collection in GuestGroups.cs gets a fixture of its own, so the
/// parallel collections run side by side on separate devices.
/// </summary>
public sealed class GuestFixture(GuestMachine machine) : IAsyncLifetime
{
    private GuestSession? session;
    private GuestLane? lane;
    private StreamWriter? commandLog;
    private string? loggedTest;

    public GuestSession Session => session ?? throw new InvalidOperationException("the guest fixture is not initialised");

    public GuestLane Lane => lane ?? throw new InvalidOperationException("the guest fixture is not initialised");

    public string Device => Lane.Device;

    public string MountPoint => Lane.MountPoint;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        (session, lane) = await machine.RentSessionAsync(ct);
        lane ??= await ClaimLaneAsync(ct);
        if (Environment.GetEnvironmentVariable(SuiteRunner.CommandLogVariable) is { Length: > 0 } logPath)
        {
            // Append: the serial collection takes lane 0 again after the parallel ones are done.
            commandLog = new StreamWriter(lane.CommandLog(logPath), append: true) { AutoFlush = true };
            session.LogCommandsTo(commandLog);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (session is not null)
        {
            // A session whose lane is unmounted goes to the next collection with it (a connection and a claim
            // saved); the machine gives the lane back at the end. One still mounted, or not answering, gives it back now.
            var parked = lane is null || (await session.RunInShellAsync(lane.ParkCommand, TimeSpan.FromSeconds(60), CancellationToken.None)) is { TimedOut: false, ExitCode: 0 };
            if (!parked && lane is not null)
            {
                await session.RunInShellAsync(lane.ReleaseCommand, TimeSpan.FromSeconds(60), CancellationToken.None);
            }

            session.LogCommandsTo(null);
            if (parked)
            {
                machine.ReturnSession(session, lane);
            }
            else
            {
                await session.DisposeAsync();
            }
        }

        if (commandLog is not null)
        {
            await commandLog.DisposeAsync();
        }
    }

    public async Task<CommandResult> RunAsync(string command, int timeoutSeconds = 120)
    {
        // Tests of the collection run one at a time, so a heading per test keeps the log readable.
        if (commandLog is not null && TestContext.Current.Test?.TestDisplayName is { } test && test != loggedTest)
        {
            loggedTest = test;
            await commandLog.WriteLineAsync($"### {test}");
        }

        await machine.ProbeUploaded;
        return await Session.RunInShellAsync(Lane.Prelude + command, TimeSpan.FromSeconds(timeoutSeconds), TestContext.Current.CancellationToken);
    }

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

    /// <summary>Writes <paramref name="content"/> to a file in the guest (streamed: no size limit, unlike a command line).</summary>
    public async Task UploadTextAsync(string content, string remotePath)
    {
        var local = Path.Combine(Path.GetTempPath(), $"vexfs-upload-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(local, content, TestContext.Current.CancellationToken);
        try
        {
            await Session.UploadFileAsync(local, remotePath, TestContext.Current.CancellationToken);
        }
        finally
        {
            File.Delete(local);
        }
    }

    /// <summary>
    /// Runs every step of <paramref name="script"/> in one round trip and asserts each step's expectation: the
    /// first step that should succeed and did not (or should fail and did not) fails the test with its output.
    /// </summary>
    public async Task RunAsync(GuestScript script, int timeoutSeconds = 120)
    {
        var result = await RunAsync(script.Render(), timeoutSeconds);
        script.Complete(result);
        foreach (var (step, index) in script.Steps.Select((s, i) => (s, i + 1)))
        {
            Assert.True(step.Ran, $"the script stopped before step {index}, `{step.Command}` (script exit {result.ExitCode}{(result.TimedOut ? ", timed out" : "")}):\n{result.Stderr}\n{result.Stdout}");
            if (step.MustFail)
            {
                Assert.True(step.ExitCode != 0, $"step {index}, `{step.Command}`, should have failed but exited 0:\n{step.Stdout}");
            }
            else
            {
                Assert.True(step.ExitCode == 0, $"step {index}, `{step.Command}`, failed (exit {step.ExitCode}):\n{step.Stderr}\n{step.Stdout}");
            }
        }
    }

    /// <summary>A vexfs on the lane's device (or <paramref name="device"/>), for a script to format and mount.</summary>
    public TestVexfs Vexfs(int dim, string? mountPoint = null, string? device = null, int? inodes = TestVexfs.SmallInodeCount, string options = "") =>
        new(device ?? Device, mountPoint ?? MountPoint, dim, inodes, options);

    private async Task<GuestLane> ClaimLaneAsync(CancellationToken ct)
    {
        var testDisk = Environment.GetEnvironmentVariable("VEXFS_GUEST_DEVICE") ?? GuestPaths.VexfsDevice;
        var claim = await Session.RunInShellAsync(GuestLane.ClaimCommand(testDisk), TimeSpan.FromSeconds(60), ct);
        Assert.True(claim.Succeeded, $"a lane's device could not be set up (exit {claim.ExitCode}): {claim.Stderr}");
        return GuestLane.Parse(claim.Stdout) ?? throw new InvalidOperationException(
            $"no free test lane in the guest: /run/vexfs-lane-0 to -7 are all claimed (a killed run leaves its claim): rmdir them in the guest, or restart it {claim.Stderr}");
    }
}
