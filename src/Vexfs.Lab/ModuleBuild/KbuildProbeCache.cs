namespace Vexfs.Lab.ModuleBuild;

/// <summary>
/// Remembers Kbuild's compiler probes in the host build tree. Every make re-runs them while it parses the
/// kernel's Makefiles (cc-option, cc-disable-warning, as-instr …, 34 with W=1 on 6.1, each a shell, gcc, cc1
/// and as): an edit's make (one file recompiled) took 1.17 s without the cache and 0.86 s with it, wall and CPU
/// alike (6 runs each, in turn, on the 2-core host). Their answers depend only on
/// the command, which names every flag, and on the build root's compiler, which never changes for the tree (one
/// tree per image). A command-line variable overrides the Makefiles' own <c>try-run</c>: a known command is
/// answered from the cache with shell builtins alone, an unknown one runs as Kbuild runs it and is appended.
/// </summary>
public static class KbuildProbeCache
{
    public const string FileName = ".vexfs-probes";

    /// <summary>The make argument for the build tree <paramref name="moduleDirectory"/> (as make sees it).</summary>
    public static string Argument(string moduleDirectory)
    {
        var file = $"{moduleDirectory}/{FileName}";
        var scratch = $"{moduleDirectory}/.tmp_probe_$$$$";
        // Kbuild's own body (a scratch directory for "$$TMP", RUSTC_BOOTSTRAP as 6.12 on has it, the exit code
        // picks the answer), with the lookup before it and the append after.
        return "try-run=$(shell set -e; " +
               $"f={file}; c={Quoted(1)}; " +
               "if [ -f \"$$f\" ]; then while IFS= read -r k && IFS= read -r a; do " +
               "if [ \"$$k\" = \"C$$c\" ]; then echo \"$${a#A}\"; exit 0; fi; done < \"$$f\"; fi; " +
               $"TMP={scratch}/tmp; RUSTC_BOOTSTRAP=1; trap \"rm -rf {scratch}\" EXIT; mkdir -p {scratch}; " +
               $"if ($(1)) >/dev/null 2>&1; then a={Quoted(2)}; else a={Quoted(3)}; fi; " +
               "printf 'C%s\\nA%s\\n' \"$$c\" \"$$a\" >> \"$$f\"; echo \"$$a\")";
    }

    /// <summary>try-run's argument <paramref name="n"/> as one single-quoted shell word.</summary>
    private static string Quoted(int n) => $"'$(subst ','\\'',$({n}))'";
}
