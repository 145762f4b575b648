using Microsoft.Extensions.Logging.Abstractions;
using Vexfs.Lab.Machine;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests;

public sealed class AcceleratorProbeTests
{
    // Recorded on this lab machine: an AMD EPYC guest CPU without svm, and no /dev/kvm.
    private static readonly string NoSvm = Fixture.Read("cpuinfo", "amd-epyc-guest-no-svm.txt");
    private static readonly string WithSvm = Fixture.Read("cpuinfo", "amd-epyc-nested-svm.txt");
    private static readonly KvmDeviceState Absent = new(false, false, "/dev/kvm does not exist");
    private static readonly KvmDeviceState Usable = new(true, true, null);
    private static readonly KvmDeviceState NoPermission = new(true, false, "/dev/kvm does not open read-write: Permission denied");

    [Fact]
    public void Auto_uses_kvm_only_when_the_device_opens_and_the_cpu_has_svm_or_vmx()
    {
        Assert.Equal(AcceleratorKind.Kvm, AcceleratorProbe.Decide(AcceleratorKind.Auto, WithSvm, Usable).Kind);
        Assert.Equal(AcceleratorKind.Kvm, AcceleratorProbe.Decide(AcceleratorKind.Auto, WithSvm.Replace(" svm ", " vmx ", StringComparison.Ordinal), Usable).Kind);
    }

    [Fact]
    public void Auto_falls_back_to_tcg_on_this_machine_and_says_why()
    {
        var choice = AcceleratorProbe.Decide(AcceleratorKind.Auto, NoSvm, Absent);

        Assert.Equal(AcceleratorKind.Tcg, choice.Kind);
        Assert.Contains("/dev/kvm does not exist", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_paravirtual_kvm_device_without_cpu_flags_is_not_trusted()
    {
        var choice = AcceleratorProbe.Decide(AcceleratorKind.Auto, NoSvm, Usable);

        Assert.Equal(AcceleratorKind.Tcg, choice.Kind);
        Assert.Contains("vmx/svm", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Requesting_kvm_where_it_is_unusable_is_an_error_with_the_reason()
    {
        var error = Assert.Throws<LabException>(() => AcceleratorProbe.Decide(AcceleratorKind.Kvm, WithSvm, NoPermission));

        Assert.Contains("Permission denied", error.Message, StringComparison.Ordinal);
        Assert.Contains("--accel tcg", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Tcg_is_honoured_without_probing()
    {
        var probe = new AcceleratorProbe(
            NullLogger<AcceleratorProbe>.Instance,
            () => throw new InvalidOperationException("must not read cpuinfo"),
            () => throw new InvalidOperationException("must not open /dev/kvm"));

        Assert.Equal(AcceleratorKind.Tcg, probe.Choose(AcceleratorKind.Tcg).Kind);
    }

    [Fact]
    public void The_flag_must_be_a_whole_word_on_a_flags_line()
    {
        Assert.False(AcceleratorProbe.HasHardwareVirtualisation("model name\t: svm-like cpu\nflags\t\t: fpu vmxe svmx\n"));
        Assert.True(AcceleratorProbe.HasHardwareVirtualisation("flags\t\t: fpu vmx\n"));
    }
}
