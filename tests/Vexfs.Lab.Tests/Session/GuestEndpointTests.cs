using Vexfs.Lab.Session;

namespace Vexfs.Lab.Tests.Session;

/// <summary>The guest endpoint handed to the integration suite through environment variables.</summary>
public sealed class GuestEndpointTests
{
    [Fact]
    public void Guest_endpoint_round_trips_through_the_environment_variables()
    {
        var endpoint = new GuestEndpoint("127.0.0.1", 40022, "root", "/cache/e/id_ed25519", "ssh-ed25519 AAAA");
        var env = new Dictionary<string, string?>();

        endpoint.ExportTo(env);

        Assert.Equal("40022", env["VEXFS_GUEST_PORT"]);
        Assert.Equal(endpoint, GuestEndpoint.FromVariables(name => env.GetValueOrDefault(name)));
        Assert.Null(GuestEndpoint.FromVariables(_ => null));
    }

    [Fact]
    public void A_half_set_or_bad_guest_environment_is_a_lab_error()
    {
        Assert.Throws<LabException>(() => GuestEndpoint.FromVariables(name => name == "VEXFS_GUEST_HOST" ? "127.0.0.1" : null));
        var env = new Dictionary<string, string?>();
        new GuestEndpoint("127.0.0.1", 22, "root", "/k", "ssh-ed25519 AAAA").ExportTo(env);
        env["VEXFS_GUEST_PORT"] = "70000";
        Assert.Throws<LabException>(() => GuestEndpoint.FromVariables(name => env.GetValueOrDefault(name)));
    }
}
