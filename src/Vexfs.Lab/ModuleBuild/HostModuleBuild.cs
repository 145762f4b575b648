namespace Vexfs.Lab.ModuleBuild;

/// <summary>The result of a host build: the module copied out of the shared build tree, and how it was made.</summary>
/// <param name="ModulePath">vexfs.ko in the caller's output directory.</param>
/// <param name="Sysroot">The image's build root the module was compiled in.</param>
/// <param name="ChangedSources">Sources copied into the build tree this time (empty: nothing changed).</param>
/// <param name="CompileLines">Per object (guest path, e.g. /build/vexfs/main.o), the gcc line Kbuild ran, from its .o.cmd file.</param>
/// <param name="Output">What make printed; empty when it did not run.</param>
/// <param name="UpToDate">Nothing changed since the last build with the same make line: make did not run.</param>
public sealed record HostModuleBuild(
    string ModulePath,
    string Sysroot,
    string KernelRelease,
    IReadOnlyList<string> ChangedSources,
    IReadOnlyDictionary<string, string> CompileLines,
    TimeSpan Duration,
    string Output,
    bool UpToDate = false);
