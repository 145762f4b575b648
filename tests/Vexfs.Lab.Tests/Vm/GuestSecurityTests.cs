using System.Net;
using System.Net.Sockets;
using Renci.SshNet;
using Renci.SshNet.Common;
using Vexfs.Lab.Host;
using Vexfs.Lab.Machine;
using Vexfs.Lab.Session;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>
/// One real guest, started while the first SSH port it is offered is held by someone else: QEMU's start is
/// retried on another port, the forward listens on 127.0.0.1 only, the SSH server offers public-key logins only, root has no
/// usable password, and a connection pinning another host key is refused with a clear error.
/// </summary>
[Trait("Category", "Vm")]
[Collection(SerialRuns.Name)]
public sealed class GuestSecurityTests(ITestOutputHelper output)
{
    private const string OtherHostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILzahiULowEn4T7dwLt8orOTStzwWrENde+9mivRlx86";

    [Fact]
    public async Task A_taken_port_is_retried_ssh_is_loopback_only_key_only_and_the_host_key_is_pinned()
    {
        var ct = TestContext.Current.CancellationToken;
        using var loggers = new TestOutputLoggerFactory(output);
        var lab = new VmTestLab(loggers);
        var image = await lab.ImageAsync(ct);
        using var run = new TempDirectory();

        // "Someone else" binds the port between FreePort choosing it and QEMU binding it.
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var offered = new List<int>();
        int PickPort()
        {
            var port = offered.Count == 0 ? taken : FreePort.Pick();
            offered.Add(port);
            return port;
        }

        int qemuPid;
        await using (var machine = await QemuMachine.StartAsync(lab.Machine(image, run.Path), loggers.For<QemuMachine>(), PickPort, ct))
        {
            qemuPid = int.Parse(await File.ReadAllTextAsync(run.Combine("qemu.pid"), ct), System.Globalization.CultureInfo.InvariantCulture);
            output.WriteLine($"ports offered: {string.Join(", ", offered)}; QEMU {qemuPid} uses {machine.SshPort}");
            Assert.Equal(2, offered.Count);
            Assert.NotEqual(taken, machine.SshPort);
            Assert.Equal(offered[1], machine.SshPort);

            // The only socket QEMU listens on is the SSH forward, on loopback.
            Assert.Equal([new IPEndPoint(IPAddress.Loopback, machine.SshPort)], ListeningSockets.Of(qemuPid));
            Assert.Contains($"hostfwd=tcp:127.0.0.1:{machine.SshPort}-:22", string.Join(' ', ProcessTable.CommandLine(qemuPid)), StringComparison.Ordinal);

            await using var session = await GuestSession.ConnectAsync(machine.Endpoint, TimeSpan.FromMinutes(5), loggers.For<GuestSession>(), ct);
            // What the guest's SSH server offers a client that has not authenticated: public keys only, so no
            // password (nor keyboard-interactive) is ever asked for, for root or anyone.
            foreach (var user in new[] { "root", "nobody" })
            {
                using var probe = new SshClient(new ConnectionInfo(machine.Endpoint.Host, machine.Endpoint.Port, user, new NoneAuthenticationMethod(user)));
                var refusedLogin = await Assert.ThrowsAsync<SshAuthenticationException>(() => probe.ConnectAsync(ct));
                output.WriteLine($"{user}: {refusedLogin.Message}");
                Assert.EndsWith("(publickey).", refusedLogin.Message, StringComparison.Ordinal); // the methods the server lists
            }

            // No account has a usable password (L locked, NP none: with the settings above neither logs in).
            var passwords = await session.RunAsync("passwd -Sa | awk '$2 == \"P\" { print $1 }'", TimeSpan.FromSeconds(30), ct);
            Assert.True(passwords.Succeeded, passwords.Stderr);
            Assert.Equal("", passwords.Stdout.Trim());

            var wrongPin = machine.Endpoint with { HostPublicKey = OtherHostKey };
            var refused = await Assert.ThrowsAsync<LabException>(() => GuestSession.ConnectAsync(wrongPin, TimeSpan.FromSeconds(60), loggers.For<GuestSession>(), ct));
            output.WriteLine($"{refused.Message}\nhint: {refused.Hint}");
            Assert.Matches(@"^host key changed: the guest at 127\.0\.0\.1:\d+ presented ssh-ed25519 SHA256:\S+, the image pins ssh-ed25519 SHA256:\S+$", refused.Message);
            Assert.Contains("delete the image's cache entry", refused.Hint, StringComparison.Ordinal);
            Assert.True(squatter.Server.IsBound, "the test's own listener lost its port");
        }

        Assert.True(await LabProcesses.GoneAsync(qemuPid, TimeSpan.FromSeconds(10)), $"QEMU {qemuPid} outlived its machine");
        Assert.Equal(["console.log"], Directory.EnumerateFileSystemEntries(run.Path).Select(Path.GetFileName));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Every_image_has_its_own_client_key_pair()
    {
        var entries = Directory.Exists(VmTestLab.CacheDir)
            ? Directory.EnumerateFiles(VmTestLab.CacheDir, "id_ed25519.pub", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(Path.GetDirectoryName(f)!).StartsWith(".tmp-", StringComparison.Ordinal))
                .ToList()
            : [];
        Assert.SkipWhen(entries.Count < 2, $"fewer than two images in {VmTestLab.CacheDir}");

        var keys = entries.Select(f => File.ReadAllText(f).Split(' ')[1]).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        foreach (var entry in entries.Select(Path.GetDirectoryName))
        {
            var mode = File.GetUnixFileMode(Path.Combine(entry!, "id_ed25519"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        }
    }
}
