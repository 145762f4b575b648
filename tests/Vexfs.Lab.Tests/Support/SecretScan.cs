namespace Vexfs.Lab.Tests.Support;

/// <summary>Finds private key material (the PEM armour or any line of the key's body) in files and text.</summary>
internal static class SecretScan
{
    /// <summary>Markers of <paramref name="privateKeyPath"/>: the armour and each base64 line of its body.</summary>
    public static IReadOnlyList<string> MarkersOf(string privateKeyPath) =>
    [
        "PRIVATE KEY",
        .. File.ReadAllLines(privateKeyPath).Where(l => l.Length >= 20 && !l.StartsWith("-----", StringComparison.Ordinal)),
    ];

    /// <summary>"file: marker" for every hit under <paramref name="directory"/>.</summary>
    public static IEnumerable<string> Files(string directory, IReadOnlyList<string> markers) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .SelectMany(file => Text(File.ReadAllText(file), markers).Select(m => $"{file}: {m}"));

    public static IEnumerable<string> Text(string text, IReadOnlyList<string> markers) =>
        markers.Where(m => text.Contains(m, StringComparison.Ordinal));
}
