namespace Vexfs.Reports;

/// <summary>
/// One kernel-log report (oops, warning, hung task...) found in a log.
/// <paramref name="Source"/> is "console" or "dmesg"; <paramref name="Line"/> is the 1-based line
/// the block starts at; <paramref name="Block"/> is the quoted block as it appeared in the log.
/// </summary>
public sealed record KernelLogFinding(FailureClass Class, string Pattern, string Source, int Line, string Block);
