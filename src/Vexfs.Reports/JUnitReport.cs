using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Vexfs.Reports;

/// <summary>
/// Renders a <see cref="RunReport"/> as JUnit XML (the Ant/Jenkins schema CI parsers read): one testsuite
/// for the phases, one for the integration tests, one for the kernel-log scan (each finding a failure).
/// </summary>
public static class JUnitReport
{
    public static XDocument Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var prefix = $"vexfs.{report.Series}";
        var suites = new List<XElement>
        {
            Suite($"{prefix}.phases", report, report.Phases.Select(p => Case($"{prefix}.phases", p.Name, p.Status, p.Duration,
                p.Status == PhaseStatus.Failed ? Failure(p.Detail ?? $"phase {p.Name} failed", p.Detail, "phase") : null,
                p.Status == PhaseStatus.Skipped ? p.Detail : null, output: null))),
        };

        if (report.Tests is not null)
        {
            suites.Add(Suite($"{prefix}.{report.Suite}", report, report.Tests.Tests.Select(t => Case(
                string.IsNullOrEmpty(t.ClassName) ? $"{prefix}.{report.Suite}" : t.ClassName,
                t.Name, t.Status, t.Duration,
                t.Status == PhaseStatus.Failed ? Failure(FirstLine(t.Message) ?? "test failed", t.Message, "test") : null,
                t.Status is PhaseStatus.Skipped or PhaseStatus.NotRun ? t.Message : null, t.Output))));
        }

        if (report.KUnit is not null)
        {
            suites.Add(Suite($"{prefix}.kunit", report, report.KUnit.Tests.Select(t => Case(
                $"{prefix}.kunit.{t.ClassName}", t.Name, t.Status, t.Duration,
                t.Status == PhaseStatus.Failed ? Failure(FirstLine(t.Message) ?? "KUnit case failed", t.Message, "kunit") : null,
                t.Status == PhaseStatus.Skipped ? t.Message : null, t.Output))));
        }

        // A clean scan is a passing case, so "the log was checked" is visible in CI too.
        var scanned = PhaseNames.LogWasScanned(report);
        var logCases = report.Findings.Count == 0
            ? [Case($"{prefix}.kernel-log", scanned ? "kernel log is clean" : "kernel log not scanned",
                scanned ? PhaseStatus.Passed : PhaseStatus.Skipped, TimeSpan.Zero, null,
                scanned ? null : "the run ended before the log-scan phase", null)]
            : report.Findings.Select(f => Case($"{prefix}.kernel-log", $"{f.Class} in {f.Source} at line {f.Line}",
                PhaseStatus.Failed, TimeSpan.Zero, Failure($"{f.Class}: {f.Pattern}", f.Block, f.Class.ToString()), null, null));
        suites.Add(Suite($"{prefix}.kernel-log", report, logCases));

        var all = suites.Select(s => (Tests: (int)s.Attribute("tests")!, Failures: (int)s.Attribute("failures")!, Skipped: (int)s.Attribute("skipped")!)).ToList();
        var root = new XElement("testsuites",
            new XAttribute("name", $"VexFS {report.Suite} on Linux {report.Series}"),
            new XAttribute("tests", all.Sum(s => s.Tests)),
            new XAttribute("failures", all.Sum(s => s.Failures)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", all.Sum(s => s.Skipped)),
            new XAttribute("time", TextFormat.Seconds(report.Duration)),
            suites);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    /// <summary>The document as UTF-8 text with its XML declaration.</summary>
    public static string RenderText(RunReport report)
    {
        var doc = Render(report);
        var sb = new StringBuilder();
        using (var writer = new Utf8StringWriter(sb))
        {
            doc.Save(writer);
        }

        return sb.Append('\n').ToString();
    }

    private static XElement Suite(string name, RunReport report, IEnumerable<XElement> cases)
    {
        var list = cases.ToList();
        var time = list.Sum(c => double.Parse((string)c.Attribute("time")!, CultureInfo.InvariantCulture));
        var props = new XElement("properties",
            Property("kernel.release", report.KernelRelease ?? "unknown"),
            Property("kernel.series", report.Series),
            Property("accelerator", report.Accelerator),
            Property("image.key", report.ImageKey));
        return new XElement("testsuite",
            new XAttribute("name", name),
            new XAttribute("tests", list.Count),
            new XAttribute("failures", list.Count(c => c.Element("failure") is not null)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", list.Count(c => c.Element("skipped") is not null)),
            new XAttribute("time", time.ToString("0.000", CultureInfo.InvariantCulture)),
            new XAttribute("timestamp", report.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            new XAttribute("hostname", "guest"),
            props,
            list);
    }

    private static XElement Property(string name, string value) =>
        new("property", new XAttribute("name", name), new XAttribute("value", value));

    private static XElement Case(string className, string name, PhaseStatus status, TimeSpan duration,
        XElement? failure, string? skipReason, string? output)
    {
        var e = new XElement("testcase",
            new XAttribute("classname", className),
            new XAttribute("name", name),
            new XAttribute("time", TextFormat.Seconds(duration)));
        if (failure is not null)
        {
            e.Add(failure);
        }
        else if (status is PhaseStatus.Skipped or PhaseStatus.NotRun)
        {
            e.Add(new XElement("skipped", skipReason is null ? null : new XAttribute("message", skipReason)));
        }

        if (!string.IsNullOrEmpty(output))
        {
            e.Add(new XElement("system-out", XmlSafe(output)));
        }

        return e;
    }

    private static XElement Failure(string message, string? body, string type) => new("failure",
        new XAttribute("message", XmlSafe(message)),
        new XAttribute("type", type),
        body is null ? null : XmlSafe(body));

    private static string? FirstLine(string? text) => text?.ReplaceLineEndings("\n").Split('\n')[0];

    /// <summary>Kernel logs can hold control characters XML 1.0 forbids; drop them instead of failing the report.</summary>
    private static string XmlSafe(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\t' or '\n' or '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private sealed class Utf8StringWriter(StringBuilder sb) : StringWriter(sb, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
