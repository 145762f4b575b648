using Microsoft.Extensions.Logging;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>
/// One fresh Debian system for the FreshHostCheck target: mmdebstrap's apt variant of a suite (what a minimal
/// install or a debian:SUITE container holds), then exactly what README's first section asks for before the two
/// commands (the .NET SDK's runtime libraries, the SDK copied in, the repository), then <c>./build.sh Setup
/// HostCheck</c> in it. The system runs in its own mount and PID namespaces, so every mount and process it makes
/// ends with it, Ctrl-C included.
/// </summary>
internal sealed class FreshHost(ToolRunner tools, string rootDirectory, ILogger logger)
{
    /// <summary>Suite → the ICU library the .NET SDK loads there (README names the same packages).</summary>
    public static readonly IReadOnlyDictionary<string, string> IcuPackages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["bookworm"] = "libicu72",
        ["trixie"] = "libicu76",
    };

    // Run inside the namespaces: mount what a booted system has, then the commands in the chroot with a clean
    // environment (no variable of the calling build leaks in).
    private const string EnterScript = """
        set -e
        root="$1"; shift
        # The root a mount of its own, as a booted system's is: unshare --mount in the chroot (virtiofsd's
        # private namespace) changes the propagation of / and fails on a directory that is no mount point.
        mount --bind "$root" "$root"
        mount -t proc proc "$root/proc"
        mount --rbind /dev "$root/dev"
        mount --rbind /sys "$root/sys"
        mount -t tmpfs tmpfs "$root/tmp"
        machine="$1"; shift
        exec chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 $machine \
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /bin/sh -ec "$@"
        """;

    // The machine's network and trust settings (a proxy, an intercepting CA, NuGet's offline revocation check):
    // they belong to the machine, not to the kit, so the fresh system gets them as a new install here would.
    private static readonly string[] MachineVariables =
        ["http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS", "NUGET_CERT_REVOCATION_MODE"];

    public async Task CheckAsync(string suite, string mirror, string dotnetRoot, string workDirectory, CancellationToken ct)
    {
        if (!IcuPackages.TryGetValue(suite, out var icu))
        {
            throw new ArgumentException($"--fresh-suite {suite}: not a suite this check knows; use {string.Join(" or ", IcuPackages.Keys)}.");
        }

        var system = Path.Combine(workDirectory, suite);
        await tools.RunAsync("mmdebstrap", ["--variant=apt", "--mode=root", "--quiet", suite, system, mirror], rootDirectory, ct);

        // The machine's own trust store and resolver: a network that intercepts TLS needs its CA inside too.
        File.Copy("/etc/resolv.conf", Path.Combine(system, "etc", "resolv.conf"), overwrite: true);
        var localCas = "/usr/local/share/ca-certificates";
        if (Directory.Exists(localCas))
        {
            await CopyTreeAsync(localCas, Path.Combine(system, "usr", "local", "share", "ca-certificates"), ct);
        }

        // README's "before the two commands": the SDK's libraries, then the SDK (as dotnet-install.sh leaves it).
        await InChrootAsync(system, $"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ca-certificates {icu} >/dev/null && update-ca-certificates >/dev/null", ct);
        logger.LogInformation("{Suite}: copying the .NET SDK from {DotnetRoot} and the repository's files", suite, dotnetRoot);
        await CopyTreeAsync(dotnetRoot, Path.Combine(system, "usr", "share", "dotnet"), ct);
        File.CreateSymbolicLink(Path.Combine(system, "usr", "bin", "dotnet"), "/usr/share/dotnet/dotnet");
        await CopyRepositoryAsync(Path.Combine(system, "src", "vexfs"), ct);

        await InChrootAsync(system, "cd /src/vexfs && ./build.sh Setup HostCheck", ct);
    }

    private Task<ToolResult> InChrootAsync(string system, string command, CancellationToken ct)
    {
        var machine = string.Join(' ', MachineVariables
            .Select(v => (Name: v, Value: Environment.GetEnvironmentVariable(v)))
            .Where(v => !string.IsNullOrEmpty(v.Value) && !v.Value.Any(char.IsWhiteSpace))
            .Select(v => $"{v.Name}={v.Value}"));
        return tools.RunAsync(
            "unshare",
            ["--mount", "--propagation", "private", "--pid", "--fork", "--kill-child", "sh", "-c", EnterScript, "sh", system, machine, command],
            rootDirectory,
            ct);
    }

    // The files git would hand a new clone, plus the uncommitted ones of this worktree (what is being checked);
    // a file deleted in the worktree but not yet in git is left out.
    private Task<ToolResult> CopyRepositoryAsync(string destination, CancellationToken ct)
    {
        Directory.CreateDirectory(destination);
        return tools.RunAsync(
            "bash",
            ["-c", "git ls-files -co --exclude-standard -z | while IFS= read -r -d '' f; do [ -e \"$f\" ] && printf '%s\\0' \"$f\"; done | xargs -0 cp --parents -a -t \"$1\"", "bash", destination],
            rootDirectory,
            ct);
    }

    private Task<ToolResult> CopyTreeAsync(string source, string destination, CancellationToken ct)
    {
        Directory.CreateDirectory(destination);
        return tools.RunAsync("cp", ["-a", source + "/.", destination], rootDirectory, ct);
    }
}
