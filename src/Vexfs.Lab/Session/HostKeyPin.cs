using System.Security.Cryptography;

namespace Vexfs.Lab.Session;

/// <summary>The guest host key a connection must present: an OpenSSH public key line, compared by key blob.</summary>
internal sealed class HostKeyPin
{
    private readonly byte[] _blob;

    private HostKeyPin(string algorithm, byte[] blob)
    {
        Algorithm = algorithm;
        _blob = blob;
    }

    public string Algorithm { get; }

    public string Fingerprint => FingerprintOf(_blob);

    /// <summary>Parses "ssh-ed25519 AAAA… [comment]".</summary>
    public static HostKeyPin Parse(string publicKeyLine)
    {
        var fields = publicKeyLine.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        try
        {
            if (fields.Length >= 2)
            {
                return new HostKeyPin(fields[0], Convert.FromBase64String(fields[1]));
            }
        }
        catch (FormatException)
        {
            // Reported below with the same message as a missing field.
        }

        throw new LabException(
            $"the pinned guest host key '{publicKeyLine}' is not an OpenSSH public key line",
            "delete the image cache entry so it is rebuilt, or fix VEXFS_GUEST_HOST_KEY");
    }

    /// <summary>SHA256 fingerprint as ssh-keygen -l prints it ("SHA256:…", unpadded base64).</summary>
    public static string FingerprintOf(byte[] blob) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');

    /// <param name="algorithm">The host key algorithm the server used (SSH.NET's HostKeyName).</param>
    /// <param name="blob">The server's public key blob (SSH.NET's HostKey).</param>
    public bool Matches(string algorithm, byte[] blob) =>
        string.Equals(algorithm, Algorithm, StringComparison.Ordinal) && CryptographicOperations.FixedTimeEquals(blob, _blob);
}
