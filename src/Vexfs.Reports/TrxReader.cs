using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Vexfs.Reports;

/// <summary>Reads a VSTest TRX file (as written by <c>dotnet test --logger trx</c>) into a <see cref="TestRunSummary"/>.</summary>
public static class TrxReader
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static async Task<TestRunSummary> ReadAsync(string trxPath, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(trxPath);
        if (!File.Exists(trxPath))
        {
            throw new FileNotFoundException(
                $"TRX file '{trxPath}' does not exist; run the tests with --logger \"trx;LogFileName=<name>.trx\" first.",
                trxPath);
        }

        XDocument doc;
        await using (var stream = File.OpenRead(trxPath))
        {
            try
            {
                doc = await XDocument.LoadAsync(stream, LoadOptions.None, ct);
            }
            catch (XmlException e)
            {
                throw new InvalidDataException($"TRX file '{trxPath}' is not well-formed XML: {e.Message}", e);
            }
        }

        return Parse(doc, trxPath);
    }

    internal static TestRunSummary Parse(XDocument doc, string origin)
    {
        var root = doc.Root;
        if (root is null || root.Name != Ns + "TestRun")
        {
            throw new InvalidDataException(
                $"'{origin}' is not a VSTest TRX file (root element must be TestRun in namespace {Ns.NamespaceName}).");
        }

        // The class name lives in TestDefinitions, keyed by the test id the result refers to.
        var classes = root.Descendants(Ns + "UnitTest")
            .Select(u => (Id: (string?)u.Attribute("id"), Class: (string?)u.Element(Ns + "TestMethod")?.Attribute("className")))
            .Where(u => u.Id is not null)
            .GroupBy(u => u.Id!)
            .ToDictionary(g => g.Key, g => g.First().Class ?? string.Empty, StringComparer.OrdinalIgnoreCase);

        var tests = root.Descendants(Ns + "UnitTestResult")
            .Select(r => ReadResult(r, classes, origin))
            .ToList();

        return new TestRunSummary(
            tests.Count(t => t.Status == PhaseStatus.Passed),
            tests.Count(t => t.Status == PhaseStatus.Failed),
            tests.Count(t => t.Status == PhaseStatus.Skipped),
            tests);
    }

    private static TestCaseResult ReadResult(XElement r, Dictionary<string, string> classes, string origin)
    {
        var name = (string?)r.Attribute("testName")
            ?? throw new InvalidDataException($"'{origin}': a UnitTestResult has no testName attribute.");
        var testId = (string?)r.Attribute("testId") ?? string.Empty;
        var className = classes.GetValueOrDefault(testId, string.Empty);

        var output = r.Element(Ns + "Output");
        var stdout = (string?)output?.Element(Ns + "StdOut");
        var error = output?.Element(Ns + "ErrorInfo");
        var message = (string?)error?.Element(Ns + "Message");
        var stack = (string?)error?.Element(Ns + "StackTrace");
        if (message is not null && !string.IsNullOrWhiteSpace(stack))
        {
            message = message.TrimEnd() + "\n" + stack.TrimEnd();
        }

        // Skip reasons are written to StdErr/TextMessages by some adapters; xunit.v3 puts them in StdOut.
        return new TestCaseResult(
            name,
            className,
            MapOutcome((string?)r.Attribute("outcome"), name, origin),
            ParseDuration((string?)r.Attribute("duration")),
            message,
            string.IsNullOrEmpty(stdout) ? null : stdout);
    }

    private static PhaseStatus MapOutcome(string? outcome, string test, string origin) => outcome switch
    {
        "Passed" or "PassedButRunAborted" => PhaseStatus.Passed,
        "Failed" or "Error" or "Timeout" or "Aborted" => PhaseStatus.Failed,
        "NotExecuted" or "Inconclusive" or "NotRunnable" or "Disconnected" or "Warning" or "Pending" or "InProgress"
            or "Completed" => PhaseStatus.Skipped,
        null => throw new InvalidDataException($"'{origin}': result of '{test}' has no outcome attribute."),
        _ => throw new InvalidDataException($"'{origin}': result of '{test}' has unknown outcome '{outcome}'."),
    };

    private static TimeSpan ParseDuration(string? value) =>
        value is not null && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var d) ? d : TimeSpan.Zero;
}
