using System.Runtime.CompilerServices;

namespace Vexfs.Lab.Tests.KernelLog;

/// <summary>Reads the real 6.1-debug logs in Fixtures/kernel-logs/debug-6.1 (see its README: one FaultMatrix run per fault).</summary>
internal static class DebugKernelFixtures
{
    private static string Directory([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "Fixtures", "kernel-logs", "debug-6.1"));

    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory(), name));
}
