using System.Diagnostics;
using CliWrap;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Kernel;
using Vexfs.Reports;

namespace Vexfs.Lab.Bisect;

/// <summary>Which kit judges a step: this checkout's (fast: only vexfs-kernel/ comes from the step) or the step commit's own.</summary>
public enum BisectKit
{
    Current,
    Step,
}

/// <summary>Whose history a bisection walks: the module's (vexfs-kernel/ of each commit) or a kernel tree's.</summary>
public enum BisectSubject
{
    Module,
    Kernel,
}

/// <summary>What every step's VmIntegration run is given; <see cref="Arguments"/> are passed through (--test, --vm-memory, …).</summary>
/// <param name="Series">The --kernel name (6.1, 6.1-debug).</param>
/// <param name="KernelTree">The kernel tree every step boots (--kernel-tree), or null for the series' own kernel.</param>
public sealed record KitStepOptions(
    string KitRoot,
    string Worktree,
    string StepsDirectory,
    string Series,
    BisectKit Kit,
    FailureClass? LookFor,
    IReadOnlyList<string> Arguments,
    BisectSubject Subject = BisectSubject.Module,
    string? KernelTree = null)
{
    /// <summary>The folder under artifacts/reports/ a step's run writes.</summary>
    public string ReportName => Subject == BisectSubject.Kernel || KernelTree is not null ? Series + KernelSeries.TreeSuffix : Series;
}

/// <summary>
/// Judges a commit as a developer would: moves the kit-owned worktree to it, runs <c>./build.sh VmIntegration</c>
/// (with the worktree's vexfs-kernel/ as the module, or for a kernel bisection the worktree as --kernel-tree and
/// this checkout's module) and reads its exit code (0 passed, 1 the module failed, 125 cannot judge) and its report.json, which is
/// copied into the step's folder. The run's output goes to the step's build.log.
/// </summary>
public sealed class KitStepJudge(KitStepOptions options, ILogger<KitStepJudge> logger) : IStepJudge
{
    /// <summary>How long a step gets to stop after Ctrl-C (it stops its guest) before it is killed.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(60);

    public async Task<StepResult> JudgeAsync(string commit, string subject, int number, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await GitRepository.CheckoutAsync(options.Worktree, commit, ct);
        var stepDirectory = Path.Combine(options.StepsDirectory, $"step-{number:D2}-{commit[..Math.Min(10, commit.Length)]}");
        Directory.CreateDirectory(stepDirectory);
        var (script, reports) = options.Kit == BisectKit.Current
            ? (Path.Combine(options.KitRoot, "build.sh"), Path.Combine(options.KitRoot, "artifacts", "reports"))
            : (Path.Combine(options.Worktree, "build.sh"), Path.Combine(options.Worktree, "artifacts", "reports"));
        var arguments = StepCommandLine(options);
        var started = DateTime.UtcNow;
        var exit = await RunAsync(script, arguments, Path.Combine(stepDirectory, "build.log"), ct);
        var report = await CopyReportAsync(Path.Combine(reports, options.ReportName), started, Path.Combine(stepDirectory, "report"), ct);
        var (verdict, failureClass, reason) = Judge(exit, report?.Report, options.LookFor);
        if (exit == 2 && options.Kit == BisectKit.Current)
        {
            throw new LabException($"the kit refused the step's command line (exit 2): {string.Join(' ', arguments)}", $"see {Path.Combine(stepDirectory, "build.log")}");
        }

        return new StepResult(commit, subject, verdict, failureClass, reason, report?.Path, clock.Elapsed);
    }

    /// <summary>The step's ./build.sh arguments: where its module and its kernel come from.</summary>
    public static IReadOnlyList<string> StepCommandLine(KitStepOptions options)
    {
        List<string> arguments = ["VmIntegration", "--kernel", options.Series, .. options.Arguments];
        if (options.Subject == BisectSubject.Kernel)
        {
            // The kernel comes from the step; the module and vexctl stay this checkout's.
            arguments.AddRange(["--kernel-tree", options.Worktree, "--skip", "PublishVexctl"]);
            return arguments;
        }

        if (options.Kit == BisectKit.Current)
        {
            // The Bisect target published vexctl already; only the module comes from the step.
            arguments.AddRange(["--module-source", Path.Combine(options.Worktree, "vexfs-kernel"), "--skip", "PublishVexctl"]);
        }

        if (options.KernelTree is { } tree)
        {
            arguments.AddRange(["--kernel-tree", tree]);
        }

        return arguments;
    }

    /// <summary>The exit-code contract, and --class: a failure of another class is neither good nor the bad looked for.</summary>
    public static (StepVerdict Verdict, FailureClass Class, string? Reason) Judge(int exitCode, RunReport? report, FailureClass? lookFor)
    {
        var failureClass = report?.FailureClass ?? FailureClass.None;
        return exitCode switch
        {
            VerdictExitCode.Passed => (StepVerdict.Good, FailureClass.None, null),
            VerdictExitCode.ModuleFailed when report is null => (StepVerdict.Skip, FailureClass.None, "exit 1 without a report: not a verdict on the module"),
            VerdictExitCode.ModuleFailed when lookFor is { } wanted && failureClass != wanted =>
                (StepVerdict.Skip, failureClass, $"failed as {failureClass}, not the {wanted} looked for: {report.FailureReason}"),
            VerdictExitCode.ModuleFailed => (StepVerdict.Bad, failureClass, report.FailureReason),
            VerdictExitCode.CannotJudge => (StepVerdict.Skip, failureClass, "the kit could not judge it: " + (report?.FailureReason ?? "see the step's build.log")),
            _ => (StepVerdict.Skip, failureClass, $"VmIntegration exited {exitCode}, which is not a verdict"),
        };
    }

    private async Task<int> RunAsync(string script, IReadOnlyList<string> arguments, string logPath, CancellationToken ct)
    {
        await using var log = new StreamWriter(logPath) { AutoFlush = true };
        var gate = new Lock();
        void Write(string line)
        {
            lock (gate)
            {
                log.WriteLine(line);
            }
        }

        logger.LogDebug("step: {Script} {Arguments} (output in {Log})", script, string.Join(' ', arguments), logPath);
        using var kill = new CancellationTokenSource();
        await using var escalate = ct.Register(() => kill.CancelAfter(StopGrace));
        try
        {
            var result = await Cli.Wrap(script)
                .WithArguments(arguments)
                .WithWorkingDirectory(Path.GetDirectoryName(script)!)
                .WithStandardOutputPipe(PipeTarget.ToDelegate(Write))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(Write))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(kill.Token, ct);
            ct.ThrowIfCancellationRequested();
            return result.ExitCode;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C reached the step as SIGINT (it stopped its guest); the bisection ends here.
            throw new OperationCanceledException("the bisection was cancelled during a step", ct);
        }
    }

    private static async Task<(RunReport Report, string Path)?> CopyReportAsync(string from, DateTime startedUtc, string to, CancellationToken ct)
    {
        var json = Path.Combine(from, "report.json");

        // A report older than the step is the previous run's, not this step's verdict.
        if (!File.Exists(json) || File.GetLastWriteTimeUtc(json) < startedUtc)
        {
            return null;
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        var copied = Path.Combine(to, "report.json");
        return (await ReportJson.ReadRunReportAsync(copied, ct), copied);
    }
}
