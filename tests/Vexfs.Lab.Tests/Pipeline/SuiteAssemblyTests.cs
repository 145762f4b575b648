using Vexfs.Lab.Pipeline;

namespace Vexfs.Lab.Tests.Pipeline;

/// <summary>When the suite runs its built assembly directly and when it must build it first.</summary>
public sealed class SuiteAssemblyTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("vexfs-suite-asm-");
    private readonly DateTime past = DateTime.UtcNow.AddHours(-2);

    public SuiteAssemblyTests()
    {
        Write("Directory.Build.props", "<Project />");
        Write("src/Lib/Lib.csproj", "<Project />");
        Write("src/Lib/Code.cs", "class C {}");
        Write("tests/Suite/Suite.csproj", "<Project><ItemGroup><ProjectReference Include=\"../../src/Lib/Lib.csproj\" /></ItemGroup></Project>");
        Write("tests/Suite/Tests.cs", "class T {}");
        Write("tests/Suite/obj/Generated.cs", "class G {}");
    }

    private string Project => Path.Combine(root.FullName, "tests", "Suite", "Suite.csproj");

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public void A_missing_assembly_needs_a_build()
    {
        var assembly = SuiteAssembly.Inspect(Project);
        Assert.False(assembly.IsCurrent);
        Assert.Null(assembly.AssemblyPath);
        Assert.Equal("Suite.dll is not built", assembly.StaleReason);
    }

    [Fact]
    public void An_assembly_newer_than_every_input_is_current()
    {
        var dll = Write("tests/Suite/bin/Debug/net10.0/Suite.dll", "x", DateTime.UtcNow);
        var assembly = SuiteAssembly.Inspect(Project);
        Assert.True(assembly.IsCurrent, assembly.StaleReason);
        Assert.Equal(dll, assembly.AssemblyPath);
    }

    [Theory]
    [InlineData("tests/Suite/Tests.cs")]
    [InlineData("src/Lib/Code.cs")]
    [InlineData("src/Lib/Lib.csproj")]
    [InlineData("Directory.Build.props")]
    public void A_newer_source_of_the_project_or_a_reference_makes_it_stale(string input)
    {
        Write("tests/Suite/bin/Debug/net10.0/Suite.dll", "x", past.AddMinutes(30));
        var changed = Write(input, input.EndsWith(".cs", StringComparison.Ordinal) ? "class Changed {}" : "<Project><!-- changed --></Project>", DateTime.UtcNow);
        var assembly = SuiteAssembly.Inspect(Project);
        Assert.False(assembly.IsCurrent);
        Assert.StartsWith(changed, assembly.StaleReason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_project_file_needs_a_build_which_reports_it()
    {
        Write("tests/Suite/bin/Debug/net10.0/Suite.dll", "x", DateTime.UtcNow);
        Write("src/Lib/Lib.csproj", "not xml");
        var assembly = SuiteAssembly.Inspect(Project);
        Assert.False(assembly.IsCurrent);
        Assert.Contains("Lib.csproj", assembly.StaleReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_under_bin_and_obj_are_not_inputs()
    {
        Write("tests/Suite/bin/Debug/net10.0/Suite.dll", "x", past.AddMinutes(30));
        Write("tests/Suite/obj/Generated.cs", "class G2 {}", DateTime.UtcNow);
        Assert.True(SuiteAssembly.Inspect(Project).IsCurrent);
    }

    [Fact]
    public void The_newest_of_several_builds_is_run()
    {
        Write("tests/Suite/bin/Release/net10.0/Suite.dll", "x", past.AddMinutes(40));
        var newest = Write("tests/Suite/bin/Debug/net10.0/Suite.dll", "x", past.AddMinutes(50));
        Write("tests/Suite/bin/Debug/net10.0/ref/Suite.dll", "x", DateTime.UtcNow);
        Assert.Equal(newest, SuiteAssembly.Inspect(Project).AssemblyPath);
    }

    private string Write(string relative, string content, DateTime? time = null)
    {
        var path = Path.Combine(root.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, time ?? past);
        return path;
    }
}
