namespace Vexfs.Integration.Tests;

// Two lanes run side by side (xUnit runs collections in parallel); classes are split between them by their
// measured time. Tests that load and unload the module or read the module-wide counters cannot share the
// guest with anything, so they run alone, after the lanes.

[CollectionDefinition(Name)]
public sealed class GuestGroup : ICollectionFixture<GuestFixture>
{
    public const string Name = "guest";
}

[CollectionDefinition(Name)]
public sealed class GuestGroup2 : ICollectionFixture<GuestFixture>
{
    public const string Name = "guest-2";
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GuestAlone : ICollectionFixture<GuestFixture>
{
    public const string Name = "guest-alone";
}
