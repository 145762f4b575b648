namespace Vexfs.Lab.Machine;

/// <summary>What opening /dev/kvm read-write did on this host.</summary>
/// <param name="Exists">The device node is there.</param>
/// <param name="OpensReadWrite">It opened read-write.</param>
/// <param name="Error">Why it did not open (permission, missing module), or null.</param>
internal sealed record KvmDeviceState(bool Exists, bool OpensReadWrite, string? Error)
{
    public static KvmDeviceState Probe(string path = "/dev/kvm")
    {
        if (!File.Exists(path))
        {
            return new KvmDeviceState(false, false, $"{path} does not exist");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            return new KvmDeviceState(true, true, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new KvmDeviceState(true, false, $"{path} does not open read-write: {e.Message}");
        }
    }
}
