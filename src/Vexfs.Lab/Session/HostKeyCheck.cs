using Renci.SshNet.Common;

namespace Vexfs.Lab.Session;

/// <summary>SSH.NET's HostKeyReceived handler for one connection attempt: trusts only the pinned key, remembers a mismatch.</summary>
internal sealed class HostKeyCheck(HostKeyPin pin)
{
    /// <summary>"&lt;algorithm&gt; SHA256:…" of a refused key, or null.</summary>
    public string? Mismatch { get; private set; }

    public void OnHostKeyReceived(object? sender, HostKeyEventArgs e)
    {
        e.CanTrust = Evaluate(e.HostKeyName, e.HostKey);
    }

    internal bool Evaluate(string algorithm, byte[] blob)
    {
        if (pin.Matches(algorithm, blob))
        {
            return true;
        }

        Mismatch = $"{algorithm} {HostKeyPin.FingerprintOf(blob)}";
        return false;
    }
}
