using Microsoft.Extensions.Logging;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>
/// Static checks of the module's C on the host. clang-format enforces the kernel style file. cppcheck runs
/// with the warning and portability classes only, without kernel headers: style findings and missing
/// includes are noise there, while real bugs (leaks, uninitialised use, bad format strings) are still found.
/// sparse needs a configured kernel tree, so it runs only where the host has one for its running kernel.
/// </summary>
internal sealed class KernelChecks(ToolRunner tools, string rootDirectory, ILogger logger)
{
    private string KernelDirectory => Path.Combine(rootDirectory, "vexfs-kernel");

    public async Task RunAsync(CancellationToken ct)
    {
        var sources = Directory.Exists(KernelDirectory)
            ? Directory.EnumerateFiles(KernelDirectory)
                .Where(f => Path.GetExtension(f) is ".c" or ".h")
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        if (sources.Count == 0)
        {
            logger.LogWarning("No vexfs-kernel/*.c or *.h yet: the kernel C checks have nothing to check.");
            return;
        }

        await ClangFormatAsync(sources, ct);
        await CppcheckAsync(sources.Where(s => s.EndsWith(".c", StringComparison.Ordinal)).ToList(), ct);
        await SparseAsync(ct);
    }

    private async Task ClangFormatAsync(IReadOnlyList<string> sources, CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(KernelDirectory, ".clang-format")))
        {
            logger.LogWarning("clang-format skipped: vexfs-kernel/.clang-format (the kernel style) is absent.");
        }
        else if (ToolRunner.FindOnPath("clang-format") is null)
        {
            logger.LogWarning("clang-format skipped: not installed (Debian: apt-get install clang-format).");
        }
        else
        {
            await tools.RunAsync("clang-format", ["--dry-run", "--Werror", "--style=file", .. sources], KernelDirectory, ct);
        }
    }

    private async Task CppcheckAsync(List<string> sources, CancellationToken ct)
    {
        if (ToolRunner.FindOnPath("cppcheck") is null)
        {
            logger.LogWarning("cppcheck skipped: not installed (Debian: apt-get install cppcheck).");
            return;
        }

        if (sources.Count == 0)
        {
            return;
        }

        await tools.RunAsync("cppcheck", CppcheckArguments(sources.Select(s => Path.GetRelativePath(rootDirectory, s))), rootDirectory, ct);
    }

    /// <summary>
    /// cppcheck's arguments for sources relative to the repository root, where it runs: its messages then name
    /// vexfs-kernel/x.c, which an editor opens from the workspace root, in gcc's format (the IDE's gcc matcher).
    /// </summary>
    public static IReadOnlyList<string> CppcheckArguments(IEnumerable<string> relativeSources) =>
    [
        "--enable=warning,portability", "--error-exitcode=1", "--quiet", "--inline-suppr", "--language=c",
        "--std=c11", "-D__KERNEL__", "-DMODULE", "-I", "vexfs-kernel/include", "-I", "vexfs-kernel",
        "--suppress=missingIncludeSystem", "--suppress=missingInclude", "--suppress=unknownMacro",
        // cppcheck 2.11+ (trixie's 2.17) reports that it limited its branch analysis as a message --error-exitcode counts.
        "--suppress=normalCheckLevelMaxBranches",
        "--template={file}:{line}:{column}: warning: {message} [cppcheck {severity} {id}]",
        .. relativeSources.Select(s => s.Replace('\\', '/')),
    ];

    private async Task SparseAsync(CancellationToken ct)
    {
        var release = (await File.ReadAllTextAsync("/proc/sys/kernel/osrelease", ct)).Trim();
        var tree = $"/lib/modules/{release}/build";
        if (ToolRunner.FindOnPath("sparse") is null)
        {
            logger.LogWarning("sparse skipped: not installed (Debian: apt-get install sparse).");
        }
        else if (!Directory.Exists(tree) || !File.Exists(Path.Combine(KernelDirectory, "Kbuild")))
        {
            logger.LogWarning("sparse skipped: it needs a kernel build tree ({Tree} is absent) and vexfs-kernel/Kbuild.", tree);
        }
        else
        {
            await tools.RunAsync("make", ["-C", tree, $"M={KernelDirectory}", "C=2", "W=1", "modules"], KernelDirectory, ct);
        }
    }
}
