using CliWrap;
using CliWrap.Buffered;
using Vexfs.Lab.Host;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Vm;

/// <summary>
/// Code completion for the module on the host (./build.sh Ide): with the compile_commands.json and .clangd
/// made from a host build in the image's build root, `clangd --check` reports no error on any module source.
/// Needs the cached image of each series, root and clangd: Category=VmSlow (no guest is booted).
/// </summary>
[Trait("Category", "VmSlow")]
public sealed class ClangdCheckTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("6.1")]
    [InlineData("6.12")]
    public async Task Clangd_checks_every_module_source_without_errors(string seriesName)
    {
        var ct = TestContext.Current.CancellationToken;
        var clangd = new ToolLocator().Require("clangd", "clangd");
        using var loggers = new TestOutputLoggerFactory(output);
        using var temp = new TempDirectory();
        var lab = new VmTestLab(loggers);
        var image = await lab.ImageAsync(ct, seriesName);
        var sources = temp.Combine("vexfs-kernel");
        VmTestLab.CopyTree(lab.ModuleSources, sources);

        var build = await new HostModuleBuilder(new ToolLocator(), loggers).BuildAsync(image, sources, null, TimeSpan.FromMinutes(15), temp.Combine("out"), ct);
        await CompileDatabase.WriteAsync(build, image.Key, sources, ct);

        var files = Directory.EnumerateFiles(sources, "*.c").Where(f => !f.EndsWith(".mod.c", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 10, string.Join(", ", files));
        var failures = new List<string>();
        foreach (var file in files)
        {
            var check = await Cli.Wrap(clangd).WithArguments([$"--check={file}"]).WithWorkingDirectory(sources)
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
            var log = check.StandardOutput + check.StandardError;
            var errors = log.Split('\n').Where(l => l.StartsWith("E[", StringComparison.Ordinal)).ToList();
            output.WriteLine($"{Path.GetFileName(file)} ({image.KernelRelease}): exit {check.ExitCode}, {errors.Count} error line(s)");
            if (check.ExitCode != 0 || errors.Count > 0 || !log.Contains("All checks completed, 0 errors", StringComparison.Ordinal))
            {
                failures.Add($"{Path.GetFileName(file)}: exit {check.ExitCode}\n{string.Join('\n', errors.Take(10))}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }
}
