using CliWrap;
using CliWrap.Buffered;
using Vexfs.Lab.Host;
using Vexfs.Lab.Session;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests;

public sealed class HostKeyPinTests
{
    // Two real ed25519 host keys (made with ssh-keygen for this test).
    private const string Pinned = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILW7eukYVXALiBnrWXwlgnK5b9HQrODWbLDVHtkfZjgC root@vexfs-guest";
    private const string Other = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILzahiULowEn4T7dwLt8orOTStzwWrENde+9mivRlx86";

    private static byte[] Blob(string line) => Convert.FromBase64String(line.Split(' ')[1]);

    [Fact]
    public void The_pinned_key_is_trusted_and_another_is_refused_and_remembered()
    {
        var check = new HostKeyCheck(HostKeyPin.Parse(Pinned));

        Assert.True(check.Evaluate("ssh-ed25519", Blob(Pinned)));
        Assert.Null(check.Mismatch);
        Assert.False(check.Evaluate("ssh-ed25519", Blob(Other)));
        Assert.StartsWith("ssh-ed25519 SHA256:", check.Mismatch, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_blob_under_another_algorithm_name_is_refused()
    {
        Assert.False(HostKeyPin.Parse(Pinned).Matches("ssh-rsa", Blob(Pinned)));
    }

    [Fact]
    public async Task The_fingerprint_is_the_one_ssh_keygen_prints()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.Combine("k.pub"), Pinned + "\n", ct);
        var sshKeygen = new ToolLocator().Require("ssh-keygen", "openssh-client");
        var result = await Cli.Wrap(sshKeygen).WithArguments(["-l", "-E", "sha256", "-f", dir.Combine("k.pub")]).ExecuteBufferedAsync(ct);

        Assert.Contains(HostKeyPin.Parse(Pinned).Fingerprint, result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ssh-ed25519")]
    [InlineData("ssh-ed25519 not-base64!")]
    public void A_malformed_pin_is_a_lab_error(string line)
    {
        Assert.Throws<LabException>(() => HostKeyPin.Parse(line));
    }
}
