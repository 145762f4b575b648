namespace Vexfs.Lab.Tests.Support;

/// <summary>
/// Tests that start ./build.sh or a guest share this collection so they run one at a time: two builds would
/// race to rebuild build/, and two TCG guests on two cores only slow each other down.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SerialRuns
{
    public const string Name = "serial ./build.sh and guest runs";
}
