namespace Vexfs.Lab.Tests.Support;

/// <summary>Recorded host data under Fixtures/ (copied next to the test binaries).</summary>
internal static class Fixture
{
    public static string PathOf(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));
}
