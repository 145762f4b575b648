using Vexfs.Lab.ModuleBuild;


namespace Vexfs.Lab.Pipeline;

/// <summary>Everything one VmIntegration run needs besides the kernel series; BenchVectors 0 skips the bench.</summary>
public sealed record IntegrationOptions(
    LabOptions Lab,
    string ModuleSourceDirectory,
    string VexctlBinary,
    string ArtifactsDirectory,
    string SuiteProject,
    string? InjectFault = null,
    bool KeepVm = false,
    bool RunSuite = true,
    int BenchVectors = 1000,
    int BenchQueries = 200)
{
    public TimeSpan BuildTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public ModuleBuildMode ModuleBuild { get; init; } = KitDefaults.ModuleBuild;

    public SourceDelivery SourceDelivery { get; init; } = KitDefaults.Delivery;

    /// <summary>The module install these options ask for.</summary>
    public ModuleInstallSettings ModuleInstall => new(ModuleSourceDirectory, VexctlBinary, InjectFault)
    {
        BuildTimeout = BuildTimeout,
        ModuleBuild = ModuleBuild,
        Delivery = SourceDelivery,
    };

    public TimeSpan SuiteTimeout { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>The tests --test chose (the others are reported as not run); null runs the whole suite.</summary>
    public SelectedTests? Tests { get; init; }

    public string ReportDirectory(string series) => Path.Combine(ArtifactsDirectory, "reports", series);
}
