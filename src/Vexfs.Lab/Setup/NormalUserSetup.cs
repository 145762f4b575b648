using System.Globalization;
using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;
using Vexfs.Lab.Machine;

namespace Vexfs.Lab.Setup;

/// <summary>
/// Setup for a normal user: it changes nothing itself (no sudo prompt in the middle of a build); it
/// reads what a run needs from root — the packages, and <see cref="UnprivilegedHostCheck"/>'s findings —
/// and, when anything is missing, names each problem and the one sudo command that fixes them all.
/// </summary>
public sealed class NormalUserSetup(ILogger<NormalUserSetup> logger)
{
    public async Task CheckAsync(CancellationToken ct)
    {
        var packages = await HostPrerequisites.MissingAsync(ct);
        var findings = UnprivilegedHostCheck.Check(await ReadFactsAsync(ct)).ToList();
        if (packages.Count > 0)
        {
            findings.Insert(0, new PrivilegeFinding($"missing packages: {string.Join(' ', packages)}",
                $"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {string.Join(' ', packages)}"));
        }

        if (findings.Count == 0 && await ProbeAsync(ct) is { } failure)
        {
            findings.Add(new PrivilegeFinding($"a user namespace with subordinate ids cannot be made although the settings look right: {failure}", null));
        }

        if (findings.Count == 0)
        {
            logger.LogInformation("host ready for {User}: all packages installed, user namespaces and subordinate ids usable; no root needed from here on", Environment.UserName);
            return;
        }

        foreach (var finding in findings)
        {
            logger.LogWarning("setup: {Problem}", finding.Problem);
        }

        var fixes = findings.Select(f => f.Fix).OfType<string>().ToList();
        if (fixes.Count == 0)
        {
            throw new LabException("the host is not ready for a normal user's run (see the lines above)", "fix what they name, then run ./build.sh Setup again");
        }

        throw new LabException(
            $"{findings.Count} thing(s) need root once before {Environment.UserName} can run the kit",
            $"run this one command, then ./build.sh Setup again:{Environment.NewLine}  {SudoCommand(fixes)}");
    }

    /// <summary>One command a user pastes: every fix, in order, stopping at the first that fails.</summary>
    internal static string SudoCommand(IReadOnlyList<string> fixes) => $"sudo sh -c '{string.Join(" && ", fixes)}'";

    private static async Task<UnprivilegedHostFacts> ReadFactsAsync(CancellationToken ct)
    {
        var user = Environment.UserName;
        var sysctls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in UnprivilegedHostCheck.SysctlNames)
        {
            var path = Path.Combine("/proc/sys", name);
            if (File.Exists(path))
            {
                sysctls[name] = await File.ReadAllTextAsync(path, ct);
            }
        }

        var tools = new ToolLocator();
        var newUidMap = tools.Find("newuidmap") is not null && tools.Find("newgidmap") is not null;
        return new UnprivilegedHostFacts(user, sysctls, await ReadOrEmptyAsync("/etc/subuid", ct), await ReadOrEmptyAsync("/etc/subgid", ct),
            newUidMap, await ReadKvmAsync(user, ct));
    }

    private static async Task<KvmFacts?> ReadKvmAsync(string user, CancellationToken ct)
    {
        var device = KvmDeviceState.Probe();
        if (!device.Exists)
        {
            return null;
        }

        var group = (await ReadOrEmptyAsync("/etc/group", ct)).Split('\n').Select(l => l.Split(':'))
            .FirstOrDefault(f => f.Length == 4 && f[0] == "kvm");
        var stat = (await Run(["stat", "-c", "%g %a", "/dev/kvm"], ct)).Split(' ');
        var groupRw = stat.Length == 2 && stat[1].Length >= 2 && (int.Parse(stat[1][^2].ToString(), CultureInfo.InvariantCulture) & 6) == 6;
        var processGroups = (await Run(["id", "-G"], ct)).Split(' ');
        return new KvmFacts(
            device.OpensReadWrite,
            group is not null,
            group is not null && stat[0] == group[2] && groupRw,
            group is not null && (group[3].Split(',').Contains(user) || (await Run(["id", "-g", user], ct)) == group[2]),
            group is not null && processGroups.Contains(group[2]));
    }

    /// <summary>The real thing: a user namespace with this user's subordinate ids mapped, as the image build makes it.</summary>
    private static async Task<string?> ProbeAsync(CancellationToken ct)
    {
        var argv = UserNamespace.Wrap(new ToolLocator(), subordinateIds: true, [], ["true"]);
        var result = await Cli.Wrap(argv[0]).WithArguments(argv.Skip(1)).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
        return result.ExitCode == 0 ? null : (result.StandardError + result.StandardOutput).Trim();
    }

    private static async Task<string> Run(string[] command, CancellationToken ct) =>
        (await Cli.Wrap(command[0]).WithArguments(command[1..]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct)).StandardOutput.Trim();

    private static async Task<string> ReadOrEmptyAsync(string path, CancellationToken ct) =>
        File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : string.Empty;
}
