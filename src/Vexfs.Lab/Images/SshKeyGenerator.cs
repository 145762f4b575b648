using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;

namespace Vexfs.Lab.Images;

/// <summary>Makes ed25519 key pairs without a passphrase (ssh-keygen), for the client and the guest host.</summary>
internal sealed class SshKeyGenerator(ToolLocator tools, ILogger logger)
{
    public async Task GenerateAsync(string privateKeyPath, string comment, CancellationToken ct)
    {
        var sshKeygen = tools.Require("ssh-keygen", "openssh-client");
        Directory.CreateDirectory(Path.GetDirectoryName(privateKeyPath)!);
        await new ExternalTool(logger).RunAsync(sshKeygen, ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", privateKeyPath], ct);
    }

    /// <summary>"ssh-ed25519 AAAA…" without the comment.</summary>
    public static string ReadPublicKey(string publicKeyPath)
    {
        var fields = File.ReadAllText(publicKeyPath).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return fields.Length >= 2
            ? $"{fields[0]} {fields[1]}"
            : throw new LabException($"{publicKeyPath} is not an OpenSSH public key", "delete the image cache entry so it is rebuilt");
    }
}
