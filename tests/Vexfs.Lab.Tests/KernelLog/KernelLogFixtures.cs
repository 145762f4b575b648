using System.Runtime.CompilerServices;

namespace Vexfs.Lab.Tests.KernelLog;

/// <summary>Reads the real guest logs in Fixtures/kernel-logs (see its README for how each was made).</summary>
internal static class KernelLogFixtures
{
    // Located from this source file, so the fixtures need no copy step in the test project.
    private static string Directory([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "Fixtures", "kernel-logs"));

    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory(), name));

    public static IEnumerable<string> All() =>
        System.IO.Directory.GetFiles(Directory(), "*.log").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;
}
