using Microsoft.Extensions.Logging;

namespace Vexfs.Lab.Machine;

/// <summary>
/// Decides between KVM and TCG honestly: KVM only when /dev/kvm opens read-write AND the CPU shows
/// hardware virtualisation (vmx/svm). A paravirtual /dev/kvm without those flags hangs normal guests.
/// </summary>
public sealed class AcceleratorProbe
{
    private readonly ILogger<AcceleratorProbe> _logger;
    private readonly Func<string> _readCpuInfo;
    private readonly Func<KvmDeviceState> _probeKvm;

    public AcceleratorProbe(ILogger<AcceleratorProbe> logger)
        : this(logger, () => File.ReadAllText("/proc/cpuinfo"), () => KvmDeviceState.Probe())
    {
    }

    internal AcceleratorProbe(ILogger<AcceleratorProbe> logger, Func<string> readCpuInfo, Func<KvmDeviceState> probeKvm)
    {
        _logger = logger;
        _readCpuInfo = readCpuInfo;
        _probeKvm = probeKvm;
    }

    public AcceleratorChoice Choose(AcceleratorKind requested)
    {
        if (requested == AcceleratorKind.Tcg)
        {
            return Log(new AcceleratorChoice(AcceleratorKind.Tcg, "TCG requested (--accel tcg)"));
        }

        var choice = Decide(requested, ReadCpuInfo(), _probeKvm());
        return Log(choice);
    }

    /// <summary>The decision itself, from recorded host facts (unit-testable).</summary>
    internal static AcceleratorChoice Decide(AcceleratorKind requested, string cpuInfo, KvmDeviceState kvm)
    {
        if (requested == AcceleratorKind.Tcg)
        {
            return new AcceleratorChoice(AcceleratorKind.Tcg, "TCG requested (--accel tcg)");
        }

        string? unusable = null;
        if (!kvm.OpensReadWrite)
        {
            unusable = kvm.Error ?? "/dev/kvm is not usable";
        }
        else if (!HasHardwareVirtualisation(cpuInfo))
        {
            unusable = "/dev/kvm opens but the CPU shows no vmx/svm flag (a paravirtual KVM on which guests hang)";
        }

        if (unusable is null)
        {
            return new AcceleratorChoice(AcceleratorKind.Kvm, "/dev/kvm opens read-write and the CPU has vmx/svm");
        }

        if (requested == AcceleratorKind.Kvm)
        {
            throw new LabException(
                $"KVM was requested (--accel kvm) but is not usable here: {unusable}",
                "use --accel auto or --accel tcg (slower, works everywhere), or run where /dev/kvm is usable (modprobe kvm_intel/kvm_amd; add the user to the kvm group)");
        }

        return new AcceleratorChoice(AcceleratorKind.Tcg, $"KVM not usable, using TCG: {unusable}");
    }

    internal static bool HasHardwareVirtualisation(string cpuInfo) =>
        cpuInfo.Split('\n')
            .Where(line => line.StartsWith("flags", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..])
            .Any(flags => flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(f => f is "vmx" or "svm"));

    private string ReadCpuInfo()
    {
        try
        {
            return _readCpuInfo();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogDebug(e, "could not read /proc/cpuinfo");
            return string.Empty;
        }
    }

    private AcceleratorChoice Log(AcceleratorChoice choice)
    {
        _logger.LogInformation("accelerator: {Kind} ({Reason})", choice.Kind, choice.Reason);
        return choice;
    }
}
