using System.Diagnostics;
using CliWrap;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Session;
using Vexfs.Reports;

namespace Vexfs.Lab.Pipeline;

/// <summary>
/// Runs the xUnit integration suite on the host against an already booted guest. An xunit v3 test project is
/// an executable: the built assembly runs directly with its own runner (`dotnet Suite.dll -trx …`), which skips
/// `dotnet test`'s MSBuild evaluation and VSTest start-up; it is built first only when missing or stale.
/// </summary>
public sealed class SuiteRunner(ILogger<SuiteRunner> logger)
{
    public const string GuestAttachedVariable = "VEXFS_GUEST_ATTACHED";
    public const string TrxFileName = "integration.trx";

    /// <summary>The suite's guest commands with exit code, duration and output, beside the run's commands.log.</summary>
    public const string CommandLogFileName = "suite-commands.log";

    /// <summary>The variable the test fixture reads for the command log's path (it logs nothing without it).</summary>
    public const string CommandLogVariable = "VEXFS_SUITE_COMMAND_LOG";

    /// <summary>
    /// The runner's methods stay at their first, quick JIT: it lives ten seconds and waits on the guest, and its
    /// background re-JIT of hot methods took 1.5-2 s of CPU a run from the two host cores QEMU's vCPUs need
    /// (the runner's CPU 2.4-2.9 s → 0.9 s; docs/DESIGN-NOTES.md). The runtime's own code is precompiled.
    /// </summary>
    internal const string NoTierUpVariable = "DOTNET_TC_CallCounting";

    private static readonly string[] SuiteFilter = ["-trait-", "Category=ReportSnapshot"];

    public async Task<TestRunSummary> RunAsync(
        string project, GuestEndpoint endpoint, string series, string resultsDirectory, TimeSpan timeout, CancellationToken ct,
        SelectedTests? selected = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var assembly = await EnsureBuiltAsync(project, deadline.Token);
        var env = new Dictionary<string, string?>
        {
            [GuestAttachedVariable] = "1",
            ["VEXFS_KERNEL_SERIES"] = series,
            [CommandLogVariable] = Path.Combine(resultsDirectory, CommandLogFileName),
            ["DOTNET_NOLOGO"] = "1",
            [NoTierUpVariable] = "0",
        };
        endpoint.ExportTo(env);
        Directory.CreateDirectory(resultsDirectory);
        var trx = Path.Combine(resultsDirectory, TrxFileName);
        File.Delete(trx);

        // The lanes append to their command logs (suite-commands.log, suite-commands-lane1.log, …).
        foreach (var log in Directory.EnumerateFiles(resultsDirectory, Path.GetFileNameWithoutExtension(CommandLogFileName) + "*.log"))
        {
            File.Delete(log);
        }

        var clock = Stopwatch.StartNew();
        var result = await Cli.Wrap("dotnet")
            .WithArguments(["exec", assembly, .. SuiteFilter, .. MethodFilter(selected), "-noColor", "-trx", trx])
            .WithEnvironmentVariables(env)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => logger.LogInformation("suite: {Line}", line)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => logger.LogWarning("suite: {Line}", line)))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(deadline.Token);
        logger.LogInformation("the suite ran in {Seconds:F1} s (exit {Exit})", clock.Elapsed.TotalSeconds, result.ExitCode);

        if (!File.Exists(trx))
        {
            throw new PhaseFailedException(FailureClass.Infrastructure, $"the integration suite wrote no results (exit {result.ExitCode}); see the log above");
        }

        var summary = WithLeftOut(await TrxReader.ReadAsync(trx, ct), selected);
        if (summary.Failed > 0)
        {
            var failed = summary.Tests.Where(t => t.Status == PhaseStatus.Failed).ToList();
            var dataLoss = await DeclaredMethodsAsync(assembly, FailureClass.DataLoss, ct);
            throw new SuiteFailedException(
                summary,
                SuiteFailureClass.Classify(failed, dataLoss),
                $"{summary.Failed} of {summary.Total} integration tests failed: {string.Join(", ", failed.Select(t => t.Name).Take(5))}");
        }

        return summary;
    }

    /// <summary>The suite's methods that declare <paramref name="failureClass"/>, as the suite's own runner lists them.</summary>
    private async Task<IReadOnlySet<string>> DeclaredMethodsAsync(string assembly, FailureClass failureClass, CancellationToken ct)
    {
        var output = new System.Text.StringBuilder();
        var list = await Cli.Wrap("dotnet").WithArguments(SuiteFailureClass.ListArguments(assembly, failureClass))
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(ct);
        if (list.ExitCode != 0)
        {
            logger.LogWarning("listing the suite's {Class} tests failed (exit {Exit}); failures count as Test", failureClass, list.ExitCode);
        }

        return SuiteFailureClass.ParseMethods(output.ToString());
    }

    /// <summary>Every integration test method (Namespace.Class.Method) the suite would run, built first if needed.</summary>
    public async Task<IReadOnlyList<string>> ListMethodsAsync(string project, CancellationToken ct)
    {
        var assembly = await EnsureBuiltAsync(project, ct);
        var lines = new List<string>();
        var result = await Cli.Wrap("dotnet")
            .WithArguments(["exec", assembly, .. SuiteFilter, "-list", "methods", "-noColor"])
            .WithEnvironmentVariables(new Dictionary<string, string?> { ["DOTNET_NOLOGO"] = "1" })
            .WithStandardOutputPipe(PipeTarget.ToDelegate(lines.Add))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(ct);
        var methods = TestListing.Parse(lines);
        if (result.ExitCode != 0 || methods.Count == 0)
        {
            throw new PhaseFailedException(FailureClass.Infrastructure, $"the integration suite listed no tests (exit {result.ExitCode})");
        }

        return methods;
    }

    /// <summary>A -method argument per chosen test; none (the whole suite) without a selection.</summary>
    private static IEnumerable<string> MethodFilter(SelectedTests? selected) =>
        selected?.Chosen.SelectMany(m => new[] { "-method", m }) ?? [];

    /// <summary>The tests the selection left out, reported as not run so no one reads them as passed.</summary>
    private static TestRunSummary WithLeftOut(TestRunSummary ran, SelectedTests? selected)
    {
        if (selected is null)
        {
            return ran;
        }

        var reason = $"not run: left out by --test {selected.Selection.Describe()}";
        var leftOut = selected.LeftOut.Select(m => new TestCaseResult(m, m[..Math.Max(0, m.LastIndexOf('.'))], PhaseStatus.NotRun, TimeSpan.Zero, reason));
        return ran with { Tests = [.. ran.Tests, .. leftOut] };
    }

    /// <summary>The suite's assembly, built first when it is missing or older than its sources.</summary>
    private async Task<string> EnsureBuiltAsync(string project, CancellationToken ct)
    {
        var assembly = SuiteAssembly.Inspect(project);
        if (assembly.IsCurrent)
        {
            return assembly.AssemblyPath!;
        }

        logger.LogInformation("building the integration suite: {Reason}", assembly.StaleReason);
        var build = await Cli.Wrap("dotnet")
            .WithArguments(["build", project, "--nologo", "-v:minimal", "-nodeReuse:false"])
            .WithEnvironmentVariables(new Dictionary<string, string?>
            {
                // MSBuild nodes left alive would keep the output pipes open and stall this run.
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            })
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => logger.LogInformation("suite build: {Line}", line)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => logger.LogWarning("suite build: {Line}", line)))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(ct);
        var built = SuiteAssembly.Inspect(project);
        if (build.ExitCode != 0 || built.AssemblyPath is null)
        {
            throw new PhaseFailedException(FailureClass.Infrastructure, $"the integration suite did not build (dotnet build exit {build.ExitCode}); see the log above");
        }

        return built.AssemblyPath;
    }
}

/// <summary>The suite ran and some tests failed: the report still gets every result.</summary>
public sealed class SuiteFailedException(TestRunSummary summary, FailureClass failureClass, string message) : Exception(message)
{
    public TestRunSummary Summary { get; } = summary;

    public FailureClass FailureClass { get; } = failureClass;
}
