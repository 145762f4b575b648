using System.Text.RegularExpressions;

namespace Vexfs.Reports;

/// <summary>
/// Replaces the parts of free text that differ from run to run (times, addresses, ports, kernel build and
/// Debian revision numbers, hashes) with stable placeholders. Order matters: kernel releases are rewritten
/// before generic numbers and hashes can eat into them.
/// </summary>
internal static partial class ReportScrubber
{
    public static string Scrub(string text)
    {
        var s = PrintkTime().Replace(text, "[<t>]");
        s = TrixieRelease().Replace(s, "${v}.<n>+deb${d}");
        s = AbiRelease().Replace(s, "${v}-<abi>-");
        s = DebianVersion().Replace(s, "${v}.<n>-<rev>");
        s = IsoDate().Replace(s, "<date>");
        s = ClockTime().Replace(s, "<time>");
        s = Ipv4().Replace(s, "<ip>");
        s = Port().Replace(s, "${p}<port>");
        s = Hex0x().Replace(s, "0x<hex>");
        s = KernelAddress().Replace(s, "<addr>");
        s = HexHash().Replace(s, "<hash>");
        s = Pid().Replace(s, "${p}<pid>");
        s = Duration().Replace(s, "<duration>");
        return s;
    }

    [GeneratedRegex(@"\[\s*\d+\.\d{3,9}\]")]
    private static partial Regex PrintkTime();

    // 6.12.57+deb13-cloud-amd64, 6.12.57+deb13.1 → 6.12.<n>+deb13…
    [GeneratedRegex(@"\b(?<v>\d+\.\d+)\.\d+\+deb(?<d>\d+)")]
    private static partial Regex TrixieRelease();

    // 6.1.0-41-cloud-amd64 → 6.1.0-<abi>-cloud-amd64
    [GeneratedRegex(@"\b(?<v>\d+\.\d+\.\d+)-\d+-(?=[a-z])")]
    private static partial Regex AbiRelease();

    // Debian package versions: 6.1.192-2, 6.1.158-1~bpo11+1 → 6.1.<n>-<rev>
    [GeneratedRegex(@"\b(?<v>\d+\.\d+)\.\d+-\d+(?:[~+][A-Za-z0-9.+~]*)?\b")]
    private static partial Regex DebianVersion();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b\d{2}:\d{2}:\d{2}(?:\.\d+)?\b")]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"\b(?:\d{1,3}\.){3}\d{1,3}\b")]
    private static partial Regex Ipv4();

    [GeneratedRegex(@"(?<p><ip>:|localhost:|\bport[ =])\d{1,5}\b", RegexOptions.IgnoreCase)]
    private static partial Regex Port();

    [GeneratedRegex(@"\b0x[0-9a-fA-F]+\b")]
    private static partial Regex Hex0x();

    // x86-64 kernel virtual addresses (ffff…, or ff… with LA57/KASLR), as in register dumps.
    [GeneratedRegex(@"\bff[0-9a-f]{14}\b")]
    private static partial Regex KernelAddress();

    // Content hashes (image keys, srcversion, git ids): 8+ hex digits with at least one digit and one letter.
    [GeneratedRegex(@"\b(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b")]
    private static partial Regex HexHash();

    [GeneratedRegex(@"(?<p>\bPID: |\bpid[ :=]\s*|\[[\w-]+:|\btask [\w-]+[:/])\d+\b")]
    private static partial Regex Pid();

    [GeneratedRegex(@"\b\d+(?:\.\d+)?\s?(?:ms|µs|us|ns|s)\b(?!\w)")]
    private static partial Regex Duration();
}
