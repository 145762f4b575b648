using System.Globalization;
using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;
using Vexfs.Lab.Host;

namespace Vexfs.Lab.Kernel;

/// <summary>
/// A developer's kernel tree (--kernel-tree PATH): a git checkout at any commit or an unpacked tarball. It is
/// only read: the kit builds it with make O= into a directory of its own, and bind-mounts it read-only.
/// </summary>
/// <param name="Path">The tree's absolute path on the host.</param>
/// <param name="Version">VERSION.PATCHLEVEL.SUBLEVEL from its top Makefile.</param>
/// <param name="Fragment">The developer's own config fragment (--kernel-config), merged last; null when none.</param>
public sealed partial record KernelTreeSource(string Path, Version Version, string? Fragment)
{
    /// <summary>The oldest kernel the module builds on (vexfs-kernel/compat.h has no shim below it).</summary>
    public static readonly Version Oldest = new(6, 1);

    /// <summary>The newest series the module's compat.h is checked against (sid's kernel, W=1 clean).</summary>
    public static readonly Version Newest = new(7, 2);

    /// <summary>The tree at <paramref name="path"/>, refused with a clear message when it is not a kernel tree the module supports.</summary>
    public static KernelTreeSource Inspect(string path, string? fragment)
    {
        var full = System.IO.Path.GetFullPath(KitDefaults.ExpandHome(path));
        if (!Directory.Exists(full))
        {
            throw new LabException($"--kernel-tree {path}: no such directory", "pass the top directory of a Linux source tree (a git checkout or an unpacked tarball)");
        }

        var makefile = System.IO.Path.Combine(full, "Makefile");
        if (!File.Exists(makefile) || !File.Exists(System.IO.Path.Combine(full, "Kconfig")) || !Directory.Exists(System.IO.Path.Combine(full, "arch", "x86")))
        {
            throw new LabException($"--kernel-tree {full} is not a Linux kernel tree (it needs a top Makefile, Kconfig and arch/x86/)",
                "pass the top directory of a Linux source tree, the one with MAINTAINERS and Kconfig in it");
        }

        var version = ReadVersion(File.ReadAllText(makefile))
            ?? throw new LabException($"--kernel-tree {full}: its Makefile names no VERSION/PATCHLEVEL/SUBLEVEL", "pass the top directory of a Linux source tree");
        var series = new Version(version.Major, version.Minor);
        if (series < Oldest || series > Newest)
        {
            throw new LabException(
                $"--kernel-tree {full} is Linux {version}; vexfs builds on {Oldest} through {Newest} (vexfs-kernel/compat.h)",
                series < Oldest ? "check out a newer release of the tree" : "check out an older release, or add the shims the new kernel needs to vexfs-kernel/compat.h first");
        }

        // make O= refuses a tree configured in place; say so before a build root is made.
        if (File.Exists(System.IO.Path.Combine(full, ".config")) || Directory.Exists(System.IO.Path.Combine(full, "include", "config")))
        {
            throw new LabException($"--kernel-tree {full} has been configured or built in place (.config or include/config/ in it); make O= needs a clean tree",
                $"run `make -C {full} mrproper` yourself (it deletes that build), or pass a clean checkout");
        }

        string? fragmentPath = null;
        if (!string.IsNullOrWhiteSpace(fragment))
        {
            fragmentPath = System.IO.Path.GetFullPath(KitDefaults.ExpandHome(fragment));
            if (!File.Exists(fragmentPath))
            {
                throw new LabException($"--kernel-config {fragment}: no such file", "pass a config fragment: lines like CONFIG_FOO=y or # CONFIG_BAR is not set");
            }

            if (KernelConfigFragment.Unknown(full, File.ReadAllText(fragmentPath)) is { Count: > 0 } unknown)
            {
                throw new LabException(
                    $"--kernel-config {fragmentPath}: {string.Join(", ", unknown)} {(unknown.Count == 1 ? "is" : "are")} not a symbol of Linux {version} (no Kconfig file in {full} declares it)",
                    "fix the spelling (the tree's Kconfig files say `config FOO` for CONFIG_FOO), or drop the line; nothing was built");
            }
        }

        return new KernelTreeSource(full, version, fragmentPath);
    }

    /// <summary>"VERSION = 6 / PATCHLEVEL = 1 / SUBLEVEL = 176" → 6.1.176, or null.</summary>
    internal static Version? ReadVersion(string makefile)
    {
        int? Field(string name) => Regex.Match(makefile, $@"^{name}\s*=\s*(\d+)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant) is { Success: true } m
            ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;
        return Field("VERSION") is { } v && Field("PATCHLEVEL") is { } p ? new Version(v, p, Field("SUBLEVEL") ?? 0) : null;
    }

    /// <summary>
    /// `git describe --always --dirty` of the tree, or "not a git tree". The dirty test is git status with
    /// GIT_OPTIONAL_LOCKS=0, which refreshes the index in memory only: describe --dirty would rewrite .git/index.
    /// </summary>
    public async Task<string> DescribeAsync(ToolLocator tools, CancellationToken ct)
    {
        if (!Directory.Exists(System.IO.Path.Combine(Path, ".git")) && !File.Exists(System.IO.Path.Combine(Path, ".git")))
        {
            return NotAGitTree;
        }

        var git = tools.Find("git");
        if (git is null)
        {
            return "a git tree (git is not installed on the host, so its commit is unknown)";
        }

        async Task<BufferedCommandResult> Git(params string[] args) => await Cli.Wrap(git)
            .WithArguments(["-c", $"safe.directory={Path}", "-C", Path, .. args])
            .WithEnvironmentVariables(e => e.Set("GIT_OPTIONAL_LOCKS", "0"))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
        var describe = await Git("describe", "--always");
        if (describe.ExitCode != 0)
        {
            return NotAGitTree;
        }

        var status = await Git("status", "--porcelain", "--untracked-files=no");
        return describe.StandardOutput.Trim() + (status.StandardOutput.Trim().Length > 0 ? "-dirty" : "");
    }

    public const string NotAGitTree = "not a git tree";
}
