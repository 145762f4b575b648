using System.Globalization;

namespace Vexfs.Lab.Session;

/// <summary>
/// Where a running guest's SSH is and how to trust it. The VM pipeline exports it to the integration tests
/// through VEXFS_GUEST_* variables so a single test can also run from the IDE against a guest left running.
/// </summary>
public sealed record GuestEndpoint(string Host, int Port, string User, string PrivateKeyPath, string HostPublicKey)
{
    public const string HostVariable = "VEXFS_GUEST_HOST";
    public const string PortVariable = "VEXFS_GUEST_PORT";
    public const string UserVariable = "VEXFS_GUEST_USER";
    public const string KeyVariable = "VEXFS_GUEST_KEY";
    public const string HostKeyVariable = "VEXFS_GUEST_HOST_KEY";

    /// <summary>The endpoint the environment names, or null when VEXFS_GUEST_HOST is not set.</summary>
    public static GuestEndpoint? FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    internal static GuestEndpoint? FromVariables(Func<string, string?> get)
    {
        var host = get(HostVariable);
        if (string.IsNullOrWhiteSpace(host))
        {
            return null;
        }

        string Need(string name) => get(name) is { Length: > 0 } value
            ? value
            : throw new LabException($"{HostVariable} is set but {name} is not", $"set all of {HostVariable}, {PortVariable}, {UserVariable}, {KeyVariable}, {HostKeyVariable} (the VmIntegration target prints them)");

        var portText = Need(PortVariable);
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new LabException($"{PortVariable}='{portText}' is not a TCP port", "set it to the guest's forwarded SSH port");
        }

        return new GuestEndpoint(host, port, get(UserVariable) is { Length: > 0 } user ? user : "root", Need(KeyVariable), Need(HostKeyVariable));
    }

    public void ExportTo(IDictionary<string, string?> env)
    {
        env[HostVariable] = Host;
        env[PortVariable] = Port.ToString(CultureInfo.InvariantCulture);
        env[UserVariable] = User;
        env[KeyVariable] = PrivateKeyPath;
        env[HostKeyVariable] = HostPublicKey;
    }
}
