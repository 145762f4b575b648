namespace Vexfs.Lab.Host;

/// <summary>One thing a normal user's run needs that only root can give, and the root command that gives it.</summary>
public sealed record PrivilegeFinding(string Problem, string? Fix);

/// <summary>The host facts the check reads, recorded or live (so the check is testable on recorded data).</summary>
public sealed record UnprivilegedHostFacts(
    string User,
    IReadOnlyDictionary<string, string> Sysctls,
    string SubUid,
    string SubGid,
    bool HasNewUidMap,
    KvmFacts? Kvm);

/// <summary>/dev/kvm as this user sees it: whether it opens, its group and mode, the kvm group's members.</summary>
public sealed record KvmFacts(bool OpensReadWrite, bool GroupExists, bool DeviceInGroup, bool UserInGroup, bool ProcessInGroup);

/// <summary>
/// What a normal user's run needs beyond the packages (which root installs): unprivileged user
/// namespaces (mmdebstrap's unshare mode, the host module build, the source share), a subordinate id
/// range for the user (unshare mode maps the image's owners onto it), newuidmap/newgidmap (package
/// uidmap), and /dev/kvm through the kvm group. Each finding carries its fix, as root runs it.
/// </summary>
public static class UnprivilegedHostCheck
{
    /// <summary>mmdebstrap's unshare mode maps 65536 ids (0 and the 65535 of a Debian system's users).</summary>
    public const int IdRangeSize = 65536;

    /// <summary>Where a new range may start: past the ranges already given (useradd starts at 100000).</summary>
    private const long FirstSubordinateId = 100000;

    internal static readonly string[] SysctlNames =
        ["kernel/unprivileged_userns_clone", "kernel/apparmor_restrict_unprivileged_userns", "user/max_user_namespaces"];

    public static IReadOnlyList<PrivilegeFinding> Check(UnprivilegedHostFacts facts)
    {
        var findings = new List<PrivilegeFinding>();
        void Sysctl(string name, Func<string, bool> bad, string value, string why)
        {
            if (facts.Sysctls.TryGetValue(name, out var current) && bad(current.Trim()))
            {
                var key = name.Replace('/', '.');
                findings.Add(new PrivilegeFinding($"{key} is {current.Trim()}: {why}",
                    $"sysctl -w {key}={value} && echo {key}={value} > /etc/sysctl.d/60-vexfs-{key.Split('.')[^1]}.conf"));
            }
        }

        Sysctl("kernel/unprivileged_userns_clone", v => v == "0", "1", "unprivileged user namespaces are off (Debian's switch)");
        Sysctl("kernel/apparmor_restrict_unprivileged_userns", v => v == "1", "0", "AppArmor forbids unprivileged user namespaces");
        Sysctl("user/max_user_namespaces", v => v == "0", "15000", "no user namespace may be created");
        if (!facts.HasNewUidMap)
        {
            findings.Add(new PrivilegeFinding("newuidmap/newgidmap are missing (mapping subordinate ids needs them)", "apt-get install -y uidmap"));
        }

        var uidStart = NextFreeStart(facts.SubUid);
        var gidStart = NextFreeStart(facts.SubGid);
        var missingUids = !HasRange(facts.SubUid, facts.User);
        var missingGids = !HasRange(facts.SubGid, facts.User);
        if (missingUids || missingGids)
        {
            var what = string.Join(" and ", new[] { missingUids ? "/etc/subuid" : null, missingGids ? "/etc/subgid" : null }.OfType<string>());
            var options = string.Join(' ', new[]
            {
                missingUids ? $"--add-subuids {uidStart}-{uidStart + IdRangeSize - 1}" : null,
                missingGids ? $"--add-subgids {gidStart}-{gidStart + IdRangeSize - 1}" : null,
            }.OfType<string>());
            findings.Add(new PrivilegeFinding($"{facts.User} has no range of {IdRangeSize} subordinate ids in {what} (mmdebstrap's unshare mode needs one)",
                $"usermod {options} {facts.User}"));
        }

        if (facts.Kvm is { OpensReadWrite: false } kvm)
        {
            if (!kvm.GroupExists)
            {
                findings.Add(new PrivilegeFinding("there is no kvm group (guests would run under TCG, many times slower)", "groupadd --system kvm"));
            }

            if (!kvm.DeviceInGroup)
            {
                findings.Add(new PrivilegeFinding("/dev/kvm is not read-write for the kvm group",
                    "chgrp kvm /dev/kvm && chmod 0660 /dev/kvm"));
            }

            if (!kvm.UserInGroup)
            {
                findings.Add(new PrivilegeFinding($"{facts.User} is not in the kvm group", $"usermod -aG kvm {facts.User}"));
            }
            else if (!kvm.ProcessInGroup && kvm.DeviceInGroup)
            {
                findings.Add(new PrivilegeFinding($"{facts.User} joined the kvm group after this login: log in again (or run `newgrp kvm`)", null));
            }
        }

        return findings;
    }

    /// <summary>True when a line of <paramref name="file"/> (name-or-uid:start:count) gives the user at least <see cref="IdRangeSize"/> ids.</summary>
    internal static bool HasRange(string file, string user) =>
        Ranges(file).Any(r => (r.Owner == user || r.Owner == UidOf(user)) && r.Count >= IdRangeSize);

    internal static long NextFreeStart(string file) =>
        Ranges(file).Select(r => r.Start + r.Count).Append(FirstSubordinateId).Max();

    private static IEnumerable<(string Owner, long Start, long Count)> Ranges(string file) =>
        file.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(':'))
            .Where(f => f.Length == 3 && long.TryParse(f[1], out _) && long.TryParse(f[2], out _))
            .Select(f => (f[0], long.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), long.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture)));

    private static string? UidOf(string user) =>
        File.Exists("/etc/passwd")
            ? File.ReadLines("/etc/passwd").Select(l => l.Split(':')).FirstOrDefault(f => f.Length > 2 && f[0] == user)?[2]
            : null;
}
