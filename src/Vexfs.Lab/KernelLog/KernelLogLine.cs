using System.Globalization;
using System.Text.RegularExpressions;

namespace Vexfs.Lab.KernelLog;

/// <summary>
/// One line of a console log or dmesg, cleaned of serial noise. <see cref="Message"/> is set only for kernel
/// messages (printk lines with a timestamp, or journal "kernel:" lines); userspace output has none, so a
/// "WARNING" printed by a program is never mistaken for a kernel report.
/// </summary>
internal readonly record struct KernelLogLine(int Number, string Text, string? Message, double? Seconds)
{
    public bool IsKernel => Message is not null;

    // printk: optional syslog level, "[    12.345678]", optional caller id "[    T1]"; matched anywhere on the
    // line because on a serial console userspace output can run into a kernel line without a newline.
    private static readonly Regex Printk = new(
        @"(?:<\d{1,2}>)?\[\s*(?<t>\d+\.\d{3,9})\](?:\[\s*[TC]\d+\])? ?(?<m>.*)$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    // dmesg -T: "[Wed Nov 25 12:41:05 2026] message".
    private static readonly Regex HumanTime = new(
        @"^\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\] ?(?<m>.*)$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    // journalctl -k (short or short-iso): "Nov 25 12:41:05 host kernel: message".
    private static readonly Regex Journal = new(
        @"^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+) \S+ kernel: (?:\[\s*(?<t>\d+\.\d+)\] ?)?(?<m>.*)$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    // ANSI escapes (systemd colours, terminal resets) and other control characters a serial console picks up.
    private static readonly Regex Noise = new(@"\x1B\[[0-9;?]*[A-Za-z]|\x1B[()][A-Za-z0-9]|[\x00-\x08\x0B-\x1F\x7F]",
        RegexOptions.CultureInvariant);

    public static KernelLogLine Parse(int number, string raw)
    {
        var text = Noise.Replace(raw, "").TrimEnd();
        var m = Journal.Match(text);
        if (!m.Success)
        {
            m = HumanTime.Match(text);
        }

        if (!m.Success)
        {
            m = Printk.Match(text);
        }

        if (!m.Success)
        {
            return new KernelLogLine(number, text, null, null);
        }

        var t = m.Groups["t"];
        double? seconds = t.Success ? double.Parse(t.Value, CultureInfo.InvariantCulture) : null;
        return new KernelLogLine(number, text, m.Groups["m"].Value, seconds);
    }

    public static IReadOnlyList<KernelLogLine> ParseAll(string text)
    {
        var raw = text.Split('\n');
        var lines = new KernelLogLine[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            lines[i] = Parse(i + 1, raw[i]);
        }

        return lines;
    }
}
