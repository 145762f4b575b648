using System.Text.RegularExpressions;
using Vexfs.Lab.Faults;

namespace Vexfs.Lab.Tests.Faults;

/// <summary>
/// The fault list lives in four places the compiler cannot tie together (Kbuild, Makefile, fault.h and the
/// catalogue); this test is the tie: the same names everywhere, and each one used by the module's code.
/// </summary>
public sealed partial class FaultListTests
{
    private static readonly string Kernel = Path.Combine(RepoRoot.Find(), "vexfs-kernel");

    private static List<string> MakeList(string file)
    {
        var text = File.ReadAllText(Path.Combine(Kernel, file)).Replace("\\\n", " ", StringComparison.Ordinal);
        var m = FaultsVariable().Match(text);
        Assert.True(m.Success, $"{file} has no VEXFS_FAULTS := line");
        return [.. m.Groups["names"].Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Kbuild_Makefile_and_catalogue_name_the_same_faults()
    {
        var catalogue = await FaultCatalog.LoadAsync(Path.Combine(RepoRoot.Find(), "tests", "faults", "catalog.json"), CancellationToken.None);

        var kbuild = MakeList("Kbuild");
        Assert.Equal(kbuild, MakeList("Makefile"));
        Assert.Equal(kbuild, catalogue.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_fault_is_compiled_into_some_code_path()
    {
        var sources = string.Join('\n', Directory.EnumerateFiles(Kernel, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".c", StringComparison.Ordinal) || f.EndsWith(".h", StringComparison.Ordinal)).Select(File.ReadAllText));

        var unused = MakeList("Kbuild").Where(n => !sources.Contains($"VEXFS_FAULT_{n.Replace('-', '_').ToUpperInvariant()}", StringComparison.Ordinal)).ToList();

        Assert.Empty(unused);
    }

    [Fact]
    public async Task Debug_only_faults_expect_a_debug_kernel_class()
    {
        var catalogue = await FaultCatalog.LoadAsync(Path.Combine(RepoRoot.Find(), "tests", "faults", "catalog.json"), CancellationToken.None);

        Assert.True(catalogue.Count(f => f.DebugOnly) >= 6);
        Assert.Contains(catalogue, f => f is { DebugOnly: true, Ci: true });
        Assert.All(catalogue.Where(f => f.DebugOnly), f => Assert.Equal("log-scan", f.Phase));
    }

    [GeneratedRegex(@"^VEXFS_FAULTS\s*:=(?<names>[^\n]*)", RegexOptions.Multiline | RegexOptions.ExplicitCapture)]
    private static partial Regex FaultsVariable();
}
