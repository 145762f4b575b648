namespace Vexctl.Mkfs;

/// <summary>What makes one mkfs run unique: its uuid, label and time (fixed values in tests).</summary>
internal sealed record MkfsIdentity(byte[] Uuid, string Label, long MkfsTime)
{
    /// <summary>A random RFC 4122 version-4 uuid and the current time.</summary>
    public static MkfsIdentity Create(string label)
    {
        // Guid.NewGuid reads the kernel's CSPRNG through the runtime's own shim; RandomNumberGenerator would load
        // OpenSSL first, which cost a second of every mkfs in a TCG guest.
        var uuid = Guid.NewGuid().ToByteArray(bigEndian: true);
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x40);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return new MkfsIdentity(uuid, label, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    public string UuidText => new Guid(Uuid, bigEndian: true).ToString();
}
