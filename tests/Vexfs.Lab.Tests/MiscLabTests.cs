using Vexfs.Lab.Host;
using Vexfs.Lab.Images;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.Session;
using Vexfs.Lab.Setup;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests;

public sealed class MiscLabTests
{
    [Fact]
    public void A_missing_tool_names_the_package_to_install()
    {
        using var empty = new TempDirectory();
        var error = Assert.Throws<LabException>(() => new ToolLocator(empty.Path).Require("vexfs-no-such-tool", "vexfs-tools"));

        Assert.Contains("'vexfs-no-such-tool' (Debian package vexfs-tools) was not found on PATH", error.Message, StringComparison.Ordinal);
        Assert.Equal("run ./build.sh Setup (as root; it installs every package the kit needs), or apt-get install vexfs-tools", error.Hint);
        Assert.Equal(error.Hint, error.Data["Hint"]);
    }

    [Fact]
    public void The_preflight_names_every_missing_tool_at_once()
    {
        using var empty = new TempDirectory();
        var error = Assert.Throws<LabException>(() => new ToolLocator(empty.Path).RequireAll([("vexfs-a", "pkg-a"), ("vexfs-b", "pkg-b"), ("vexfs-c", "pkg-a")]));

        Assert.Contains("vexfs-a (Debian package pkg-a), vexfs-b (Debian package pkg-b), vexfs-c (Debian package pkg-a)", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("apt-get install pkg-a pkg-b", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Packer_and_booting_runs_need_qemu_system_image_builds_with_mmdebstrap_do_not()
    {
        Assert.DoesNotContain(LabTools.Needed(ImageBuilderKind.Mmdebstrap, boots: false), t => t.Tool == "qemu-system-x86_64");
        Assert.Contains(LabTools.Needed(ImageBuilderKind.Mmdebstrap, boots: true), t => t.Tool == "qemu-system-x86_64");
        Assert.Contains(LabTools.Needed(ImageBuilderKind.Packer, boots: false), t => t == ("packer", "packer"));
    }

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

    [Fact]
    public void Kernel_packages_are_read_from_the_dpkg_status_of_the_image()
    {
        const string status = """
            Package: linux-image-6.1.0-50-cloud-amd64
            Status: install ok installed
            Version: 6.1.164-1

            Package: linux-headers-cloud-amd64
            Status: install ok installed
            Version: 6.1.164-1

            Package: linux-image-6.1.0-49-cloud-amd64
            Status: deinstall ok config-files
            Version: 6.1.160-1

            Package: openssh-server
            Status: install ok installed
            Version: 1:9.2p1-2+deb12u7
            """;

        var packages = DebianRootFacts.KernelPackages(status);

        Assert.Equal(["linux-headers-cloud-amd64", "linux-image-6.1.0-50-cloud-amd64"], packages.Keys);
    }

    [Fact]
    public void Mounts_left_inside_an_interrupted_build_are_found_deepest_first()
    {
        const string mounts = "proc /proc proc rw 0 0\n" +
            "proc /cache/.tmp-k-1/rootfs/proc proc rw 0 0\n" +
            "udev /cache/.tmp-k-1/rootfs/dev devtmpfs rw 0 0\n" +
            "devpts /cache/.tmp-k-1/rootfs/dev/pts devpts rw 0 0\n" +
            "proc /cache/.tmp-k-10/rootfs/proc proc rw 0 0\n";

        Assert.Equal(
            ["/cache/.tmp-k-1/rootfs/dev/pts", "/cache/.tmp-k-1/rootfs/proc", "/cache/.tmp-k-1/rootfs/dev"],
            StaleBuildCleaner.MountPointsUnder(mounts, "/cache/.tmp-k-1/"));
    }

    [Fact]
    public void The_shared_package_list_has_the_kernel_toolchain_and_the_packer_base_is_a_subset()
    {
        var scripts = new ProvisioningScripts(RepoRoot.Find());

        Assert.Contains("linux-headers-cloud-amd64", scripts.Packages);
        Assert.Contains("libc6-dev", scripts.Packages);
        Assert.Empty(scripts.BasePackages.Except(scripts.Packages));
        Assert.Matches("^[0-9a-f]{64}$", scripts.ContentHash());
    }
}
