using Vexfs.Lab.Host;
using Vexfs.Lab.Setup;

namespace Vexfs.Lab.Tests.Host;

/// <summary>Setup's checks for a normal user, on recorded host facts (files as Debian 12 and Ubuntu 24.04 ship them).</summary>
public sealed class UnprivilegedHostCheckTests
{
    private static readonly Dictionary<string, string> DebianSysctls = new()
    {
        ["kernel/unprivileged_userns_clone"] = "1\n",
        ["user/max_user_namespaces"] = "96364\n",
    };

    private static UnprivilegedHostFacts Ready(string user = "alice") => new(
        user, DebianSysctls, $"{user}:100000:65536\n", $"{user}:100000:65536\n", HasNewUidMap: true,
        new KvmFacts(OpensReadWrite: true, GroupExists: true, DeviceInGroup: true, UserInGroup: true, ProcessInGroup: true));

    [Fact]
    public void A_ready_host_has_no_findings() => Assert.Empty(UnprivilegedHostCheck.Check(Ready()));

    [Fact]
    public void Disabled_user_namespaces_are_named_with_the_sysctl_that_enables_them_for_good()
    {
        var facts = Ready() with
        {
            Sysctls = new Dictionary<string, string> { ["kernel/unprivileged_userns_clone"] = "0\n", ["kernel/apparmor_restrict_unprivileged_userns"] = "1\n" },
        };

        var findings = UnprivilegedHostCheck.Check(facts);

        Assert.Equal(2, findings.Count);
        Assert.Equal("sysctl -w kernel.unprivileged_userns_clone=1 && echo kernel.unprivileged_userns_clone=1 > /etc/sysctl.d/60-vexfs-unprivileged_userns_clone.conf", findings[0].Fix);
        Assert.StartsWith("kernel.apparmor_restrict_unprivileged_userns is 1", findings[1].Problem, StringComparison.Ordinal);
        Assert.StartsWith("sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 ", findings[1].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_without_subordinate_ids_gets_a_range_past_the_ones_given()
    {
        var facts = Ready("bob") with { SubUid = "alice:100000:65536\n", SubGid = "alice:100000:65536\nbob:300000:65536\n" };

        var finding = Assert.Single(UnprivilegedHostCheck.Check(facts));

        Assert.Contains("/etc/subuid", finding.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("/etc/subgid", finding.Problem, StringComparison.Ordinal);
        Assert.Equal("usermod --add-subuids 165536-231071 bob", finding.Fix);
    }

    [Fact]
    public void A_range_too_small_for_mmdebstrap_does_not_count()
    {
        Assert.False(UnprivilegedHostCheck.HasRange("alice:100000:1000\n", "alice"));
        Assert.True(UnprivilegedHostCheck.HasRange("# comment\nalice:100000:65536\n", "alice"));
        Assert.Equal(100000, UnprivilegedHostCheck.NextFreeStart(""));
    }

    [Fact]
    public void Missing_newuidmap_is_fixed_by_the_uidmap_package()
    {
        var finding = Assert.Single(UnprivilegedHostCheck.Check(Ready() with { HasNewUidMap = false }));
        Assert.Equal("apt-get install -y uidmap", finding.Fix);
    }

    [Fact]
    public void A_root_only_dev_kvm_without_a_kvm_group_needs_the_group_the_device_and_the_membership()
    {
        // As on this machine: crw------- root root /dev/kvm, no kvm group.
        var facts = Ready() with { Kvm = new KvmFacts(false, GroupExists: false, DeviceInGroup: false, UserInGroup: false, ProcessInGroup: false) };

        var fixes = UnprivilegedHostCheck.Check(facts).Select(f => f.Fix).ToList();

        Assert.Equal(["groupadd --system kvm", "chgrp kvm /dev/kvm && chmod 0660 /dev/kvm", "usermod -aG kvm alice"], fixes);
    }

    [Fact]
    public void Joining_the_kvm_group_after_login_needs_a_new_login_not_root()
    {
        var facts = Ready() with { Kvm = new KvmFacts(false, true, true, UserInGroup: true, ProcessInGroup: false) };

        var finding = Assert.Single(UnprivilegedHostCheck.Check(facts));

        Assert.Null(finding.Fix);
        Assert.Contains("log in again", finding.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void No_dev_kvm_is_no_finding_the_lab_runs_under_tcg() => Assert.Empty(UnprivilegedHostCheck.Check(Ready() with { Kvm = null }));

    [Fact]
    public void Every_fix_goes_into_one_sudo_command() =>
        Assert.Equal("sudo sh -c 'groupadd --system kvm && usermod -aG kvm alice'", NormalUserSetup.SudoCommand(["groupadd --system kvm", "usermod -aG kvm alice"]));
}
