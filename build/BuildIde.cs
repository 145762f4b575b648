using Microsoft.Extensions.Logging;
using Vexfs.Lab.Host;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>Code completion for the module on the host: compile_commands.json and .clangd from a host build.</summary>
internal sealed partial class Build
{
    Target Ide => _ => _
        .Description("Write vexfs-kernel/compile_commands.json and .clangd for the first --kernel series' headers (from a host build in its image's build root; needs root)")
        .Executes(async ct =>
        {
            var lab = Lab;
            var series = lab.Series[0];
            var image = await lab.Images.EnsureAsync(series, ct);
            var output = Directory.CreateTempSubdirectory("vexfs-ide-").FullName;
            try
            {
                var build = await new HostModuleBuilder(new ToolLocator(), LoggerFactory).BuildAsync(image, lab.ModuleSources, null, TimeSpan.FromMinutes(15), output, ct);
                await CompileDatabase.WriteAsync(build, image.Key, lab.ModuleSources, ct);
                Logger.LogInformation(
                    "wrote {Database} and {Clangd} for kernel {Release} ({Count} files); open the repository in an editor with clangd",
                    Path.Combine(lab.ModuleSources, CompileDatabase.FileName), Path.Combine(lab.ModuleSources, CompileDatabase.ClangdFileName), image.KernelRelease, build.CompileLines.Count);
            }
            finally
            {
                Directory.Delete(output, recursive: true);
            }
        });
}
