using Microsoft.Extensions.Logging;
using Spectre.Console;
using Vexfs.Lab.Kernel;
using Vexfs.Targets;
using Vexfs.Targets.Workbench;
using VexfsBuild.Workbench;

namespace VexfsBuild;

/// <summary>The workbench: IDE run configurations, the CI workflow, the image key for CI caches, the nuke tool.</summary>
internal sealed partial class Build
{
    /// <summary>Targets that take a kernel: their profiles pass the catalog's first series. Benchmark joins once it exists.</summary>
    private static readonly string[] KernelTargets = [nameof(VmIntegration), nameof(VmShell), nameof(FaultMatrix), nameof(FaultSmoke), nameof(GuestImage), "Benchmark"];

    /// <summary>What CI runs: the host job HostCheck, the VM jobs per kernel, the debug job its lane (a test checks they make Test).</summary>
    internal static CiModel Ci => new(
        nameof(Setup), nameof(HostCheck), nameof(ImageKey), [nameof(VmIntegration), nameof(LabVmTests), nameof(ReportSnapshots), nameof(FaultSmoke), nameof(FuzzSmoke)], KernelCatalog.Default.Stock)
    {
        DebugTargets = [nameof(DebugKernelSmoke)],
    };

    /// <summary>The IDE files this build makes (launch profiles, Rider, VS Code).</summary>
    internal IReadOnlyList<GeneratedFile> IdeFileSet =>
        [.. IdeFiles.Generate(this, WorkbenchFiles.IdeSettings(KernelTargets, nameof(VmIntegration), nameof(HostCheck))), WorkbenchFiles.AllKernelsProfile];

    /// <summary>The CI workflow this build makes.</summary>
    internal static GeneratedFile CiFile => new(CiWorkflow.RelativePath, CiWorkflow.Generate(Ci));

    /// <summary>The GitLab pipeline this build makes, from the same model.</summary>
    internal static GeneratedFile GitLabFile => new(GitLabPipeline.RelativePath, GitLabPipeline.Generate(Ci));

    Target GenerateIde => _ => _
        .Description("Write build/Properties/launchSettings.json, .run/*.run.xml (Rider), .vscode/ tasks and launch entries and .nuke/parameters.all-kernels.json from the targets")
        .Executes(() =>
        {
            var files = IdeFileSet;
            Report(GeneratedFiles.Write(RootDirectory, files));
            foreach (var orphan in GeneratedFiles.Orphans(RootDirectory, IdeFiles.RunDirectory, IdeFiles.RunPattern, files))
            {
                File.Delete(Path.Combine(RootDirectory, orphan));
                Logger.LogInformation("removed {File} (its target is gone)", orphan);
            }
        });

    Target GenerateCi => _ => _
        .Description("Write .github/workflows/vexfs.yml and .gitlab-ci.yml from the targets and the kernel catalog")
        .Executes(() => Report(GeneratedFiles.Write(RootDirectory, [CiFile, GitLabFile])));

    Target Generate => _ => _
        .Description("Run every generator (IDE files, CI workflow and pipeline; .nuke/build.schema.json is rewritten by any run)")
        .DependsOn(GenerateIde, GenerateCi);

    Target ImageKey => _ => _
        .Description("Print the guest image cache key of each --kernel without building; CI caches the image under it ($GITHUB_OUTPUT image-key)")
        .Executes(async ct =>
        {
            var lab = Lab;
            var keys = lab.Series.Select(s => (Series: s, Key: lab.Images.ComputeKey(s))).ToList();
            foreach (var (series, key) in keys)
            {
                Console.WriteLine($"{series.Name} {key}");
            }

            if (Environment.GetEnvironmentVariable("GITHUB_OUTPUT") is { Length: > 0 } output)
            {
                await File.AppendAllTextAsync(output, $"image-key={string.Join(' ', keys.Select(k => k.Key))}\n", ct);
            }
        });

    Target PackNuke => _ => _
        .Description("Pack the 'nuke' command (tools/Vexfs.Nuke) into artifacts/packages; install it with: dotnet tool install --global --add-source artifacts/packages Vexfs.Nuke")
        .DependsOn(Restore)
        .Executes(ct => DotNet.PackAsync(Path.Combine(RootDirectory, "tools", "Vexfs.Nuke", "Vexfs.Nuke.csproj"), Path.Combine(ArtifactsDirectory, "packages"), ct));

    private void Report(IReadOnlyList<string> changed)
    {
        foreach (var file in changed)
        {
            Logger.LogInformation("wrote {File}", file);
        }

        if (changed.Count == 0)
        {
            Logger.LogInformation("generated files are up to date");
        }
    }
}
