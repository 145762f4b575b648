namespace Vexfs.Reports;

/// <summary>
/// The phase names of a VmIntegration run, in order. Writers only rely on <see cref="LogScan"/>: without a
/// passed log-scan phase an empty finding list means "not scanned", not "clean".
/// </summary>
public static class PhaseNames
{
    public const string Image = "image";
    public const string Boot = "boot";
    public const string Upload = "upload";
    public const string Build = "build";
    public const string Load = "load";
    public const string Status = "status";
    public const string Smoke = "smoke";
    public const string Tests = "tests";
    public const string Bench = "bench";
    public const string Unload = "unload";
    public const string LogScan = "log-scan";

    /// <summary>Every phase in pipeline order (a host build runs build before upload).</summary>
    public static IReadOnlyList<string> All { get; } = [Image, Boot, Upload, Build, Load, Status, Smoke, Tests, Bench, Unload, LogScan];

    internal static bool LogWasScanned(RunReport report) =>
        report.Phases.Any(p => string.Equals(p.Name, LogScan, StringComparison.OrdinalIgnoreCase) && p.Status != PhaseStatus.Skipped);
}
