using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vexfs.Lab.ModuleBuild;

/// <summary>
/// compile_commands.json and .clangd for the module, made from the gcc lines of a host build in an image's
/// build root: the chroot's paths become host paths (the headers and gcc's include directory in the sysroot,
/// /build/vexfs the module's own directory), so clangd sees exactly what the guest kernel's gcc saw.
/// </summary>
public static partial class CompileDatabase
{
    public const string FileName = "compile_commands.json";
    public const string ClangdFileName = ".clangd";

    /// <summary>gcc options clangd 14 rejects (or that make its own warnings fatal); each is removed in .clangd.</summary>
    internal static readonly string[] GccOnlyFlags =
    [
        "-mindirect-branch=*", "-mindirect-branch-register", "-mindirect-branch-cs-prefix", "-mfunction-return=*",
        "-mharden-sls=*", "-mrecord-mcount", "-mskip-rax-setup", "-mpreferred-stack-boundary=*", "-fconserve-stack",
        "-fno-allow-store-data-races", "-fmin-function-alignment=*", "-fzero-call-used-regs=*", "-fsanitize=*",
        "-ftrivial-auto-var-init=*", "-fstrict-flex-arrays=*", "-Wimplicit-fallthrough=*", "-Werror",
    ];

    /// <summary>The JSON entries for <paramref name="compileLines"/> (object → gcc line as Kbuild ran it in the chroot).</summary>
    public static string Create(IReadOnlyDictionary<string, string> compileLines, string sysroot, string kernelRelease, string moduleDirectory)
    {
        var directory = ImageSysroot.ResolveInside(sysroot, $"/lib/modules/{kernelRelease}/build");
        var entries = compileLines.Select(kv =>
        {
            var arguments = ShellWords.Split(kv.Value)
                .Where(a => !a.StartsWith("-Wp,-MMD", StringComparison.Ordinal))
                .Select(a => MapPath(a, sysroot, moduleDirectory))
                .ToList();
            return new Entry(directory, MapPath(Path.ChangeExtension(kv.Key, ".c"), sysroot, moduleDirectory), arguments);
        }).OrderBy(e => e.File, StringComparer.Ordinal);
        return JsonSerializer.Serialize(entries, JsonOptions) + "\n";
    }

    /// <summary>The .clangd beside it: the gcc-only flags removed, nothing else changed.</summary>
    public static string ClangdConfig(string kernelRelease, string imageKey) =>
        $"""
        # Written by ./build.sh Ide for kernel {kernelRelease} (image {imageKey}); machine-specific, git-ignored.
        # clangd reads the compile lines of compile_commands.json, which hold gcc options clang does not know.
        CompileFlags:
          Remove: [{string.Join(", ", GccOnlyFlags)}]

        """;

    /// <summary>Writes both files into <paramref name="moduleDirectory"/> (clangd finds them above each source).</summary>
    public static async Task WriteAsync(HostModuleBuild build, string imageKey, string moduleDirectory, CancellationToken ct)
    {
        if (build.CompileLines.Count == 0)
        {
            throw new LabException($"the host build in {build.Sysroot} left no compile lines (.o.cmd files)", "run the build again; if it persists, delete the image's sysroot directory");
        }

        await File.WriteAllTextAsync(Path.Combine(moduleDirectory, FileName), Create(build.CompileLines, build.Sysroot, build.KernelRelease, moduleDirectory), ct);
        await File.WriteAllTextAsync(Path.Combine(moduleDirectory, ClangdFileName), ClangdConfig(build.KernelRelease, imageKey), ct);
    }

    /// <summary>A chroot path in an argument (alone, after -I/-isystem/-include, or after '=') made a host path.</summary>
    internal static string MapPath(string argument, string sysroot, string moduleDirectory) =>
        ChrootPath().Replace(argument, m => m.Groups[1].Value + (m.Groups[2].Value == HostModuleBuilder.ChrootBuildDirectory
            ? moduleDirectory.TrimEnd('/')
            : sysroot.TrimEnd('/') + m.Groups[2].Value));

    [GeneratedRegex(@"^(-I|-isystem|-iquote|-idirafter|-include|-imacros|[^=]*=)?(/build/vexfs(?=/|$)|/usr/)")]
    private static partial Regex ChrootPath();

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private sealed record Entry(string Directory, string File, IReadOnlyList<string> Arguments);
}
