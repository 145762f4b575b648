using System.Diagnostics;
using System.Text.RegularExpressions;
using CliWrap;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.ModuleBuild;

namespace Vexfs.Lab.KernelBuild;

/// <summary>
/// One kernel build in a temp directory: mmdebstrap makes a build root of the suite (its gcc, its
/// linux-source-X.Y from the same mirror), then packer/kernel/build-kernel.sh runs in a chroot of it.
/// Progress is logged every <see cref="ProgressInterval"/>; a failed build is explained by its compiler
/// errors (or the config symbol that did not take) and its full log is kept beside the cache.
/// </summary>
internal sealed partial class KernelBuilder(ToolLocator tools, string mirror, string configDirectory, ILogger logger)
{
    public const string RootDirectory = "root";

    /// <summary>Objects a 6.1 debug build compiles (measured on 6.1.176 with packer/kernel/ of session 9: 1,669 object files, about 1,620 CC lines before the vmlinux link), for the progress estimate.</summary>
    internal const int ExpectedObjects = 1620;

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(30);

    public async Task<KernelBuildManifest> BuildAsync(
        KernelSeries series, KernelBuildSpec spec, DebianPackage source, DebianPackage compiler, string temp, string cacheDir, string key, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var root = Path.Combine(temp, RootDirectory);
        logger.LogInformation("kernel {Series}: making a build root of {Suite} with {Compiler} {CompilerVersion} and {Source} {Version} (about a minute)",
            series.Name, series.Suite, compiler.Name, compiler.Version, source.Name, source.Version);
        await new ExternalTool(logger).RunAsync(tools.Require("mmdebstrap", "mmdebstrap"),
        [
            "--variant=minbase", "--aptopt=Apt::Install-Recommends \"false\"", "--aptopt=Acquire::Check-Valid-Until \"false\"",
            "--include=" + string.Join(',', KernelBuildCache.BuildRootPackages.Append($"{source.Name}={source.Version}")),
            series.Suite, root, mirror,
        ], ct);

        var cfg = Directory.CreateDirectory(Path.Combine(root, "build", "cfg")).FullName;
        foreach (var name in spec.Fragments.Append("build-kernel.sh"))
        {
            File.Copy(Path.Combine(configDirectory, name), Path.Combine(cfg, name));
        }

        var tarball = $"/usr/src/{source.Name}.tar.xz";
        IReadOnlyList<string> script =
        [
            "sh", "/build/cfg/build-kernel.sh", tarball, "/build/out", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. spec.Fragments.Select(f => $"/build/cfg/{f}"),
        ];
        var log = Path.Combine(temp, "build.log");
        var exitCode = await RunInChrootAsync(root, script, [], log, watch, ct);
        if (exitCode != 0)
        {
            throw Explain(exitCode, log, Path.Combine(cacheDir, "logs", $"{key}-failed.log"), "nothing was cached", null);
        }

        File.Delete(Path.Combine(root, tarball.TrimStart('/')));
        var output = Path.Combine(root, "build", "out");
        var release = (await File.ReadAllTextAsync(Path.Combine(output, "kernel.release"), ct)).Trim();
        File.Copy(Path.Combine(output, "arch", "x86", "boot", "bzImage"), Path.Combine(temp, KernelBuildManifest.KernelFile));
        File.Copy(Path.Combine(output, ".config"), Path.Combine(temp, KernelBuildManifest.ConfigFile));

        // The host module build runs make -C /lib/modules/<release>/build, as against a headers package.
        var modules = ImageSysroot.ResolveInside(root, $"/lib/modules/{release}");
        Directory.CreateDirectory(modules);
        File.CreateSymbolicLink(Path.Combine(modules, "build"), "/build/out");
        File.Delete(log);
        return new KernelBuildManifest(
            KernelBuildManifest.CurrentFormat, key, series.Suite, spec.Flavour, source.Name, source.Version, compiler.Name, compiler.Version,
            await KernelBuildManifest.Sha256Async(Path.Combine(temp, KernelBuildManifest.ConfigFile), ct), release,
            DateTimeOffset.UtcNow, watch.Elapsed, await KernelBuildManifest.Sha256Async(Path.Combine(temp, KernelBuildManifest.KernelFile), ct));
    }

    /// <summary>
    /// Runs <paramref name="script"/> in a chroot of <paramref name="root"/>, with each of <paramref name="binds"/>
    /// (host directory, path inside) mounted read-only; the mounts live in the run's own mount namespace.
    /// </summary>
    internal async Task<int> RunInChrootAsync(
        string root, IReadOnlyList<string> script, IReadOnlyList<(string Host, string Inside)> binds, string log, Stopwatch watch, CancellationToken ct, string? expected = null)
    {
        // A clean environment (the host's CC, ARCH or KBUILD_* must not leak in); /proc in a mount namespace of its own.
        IReadOnlyList<string> arguments =
        [
            "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "LC_ALL=C",
            tools.Require("unshare", "util-linux"), $"--mount-proc={Path.Combine(root, "proc")}", .. BindChroot.Command(tools, root, binds, script),
        ];
        var compiled = 0;
        var lastReport = TimeSpan.Zero;
        await using var writer = new StreamWriter(log) { AutoFlush = true };
        void Line(string line)
        {
            lock (writer)
            {
                writer.WriteLine(line);
                if (line.StartsWith("  CC ", StringComparison.Ordinal))
                {
                    compiled++;
                }
                else if (line.StartsWith("kernel-", StringComparison.Ordinal))
                {
                    logger.LogInformation("{Line}", line);
                }

                if (watch.Elapsed - lastReport >= ProgressInterval)
                {
                    lastReport = watch.Elapsed;
                    logger.LogInformation("kernel build: {Compiled} objects compiled ({Expected}) after {Minutes:F1} min",
                        compiled, expected ?? $"of about {ExpectedObjects}", watch.Elapsed.TotalMinutes);
                }
            }
        }

        var result = await Cli.Wrap(tools.Require("env", "coreutils")).WithArguments(arguments).WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(Line)).WithStandardErrorPipe(PipeTarget.ToDelegate(Line))
            .ExecuteAsync(ct);
        return result.ExitCode;
    }

    /// <summary>
    /// The config symbol that did not take (exit 3), or the compiler's errors with their files, and where the full
    /// log is (copied to <paramref name="kept"/>). <paramref name="sourceOnHost"/>: where the chroot's /build/src is on
    /// the host (a developer's tree), so the files named are the developer's own.
    /// </summary>
    internal static LabException Explain(int exitCode, string log, string kept, string aftermath, string? sourceOnHost)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        File.Copy(log, kept, overwrite: true);
        var lines = File.ReadAllLines(log).Select(l => sourceOnHost is null ? l : l.Replace(KernelTreeProvider.SourceInside + "/", sourceOnHost + "/", StringComparison.Ordinal)).ToList();
        if (exitCode == 3)
        {
            var bad = lines.Where(l => l.StartsWith("kernel-config: CONFIG_", StringComparison.Ordinal)).Select(l => l["kernel-config: ".Length..]);
            return new LabException($"the kernel config does not take: {string.Join("; ", bad)}",
                $"fix the symbol in its fragment (a typo, or a dependency the fragment must also set); {aftermath}");
        }

        var errors = lines.Where(l => CompilerError().IsMatch(l)).Take(10).ToList();
        var shown = errors.Count > 0 ? errors : lines.TakeLast(15).ToList();
        return new LabException($"the kernel build failed (exit {exitCode}):\n  {string.Join("\n  ", shown)}",
            $"full log: {kept}; {aftermath}");
    }

    [GeneratedRegex(@"(: (fatal )?error: |^make(\[\d+\])?: \*\*\* )", RegexOptions.CultureInvariant)]
    private static partial Regex CompilerError();
}
