namespace Vexfs.Lab.Tests.Support;

/// <summary>
/// Tests that start ./build.sh or a guest share this collection so they run one at a time: two builds would
/// race to rebuild build/, and two TCG guests on two cores only slow each other down. They also run alone,
/// after the parallel collections: every QEMU start sweeps orphaned lab QEMUs host-wide, so a guest started
/// by another test would kill the orphan KilledRunTests makes on purpose before it is looked at.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialRuns
{
    public const string Name = "serial ./build.sh and guest runs";
}
