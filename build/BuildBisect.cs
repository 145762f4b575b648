using Microsoft.Extensions.Logging;
using Vexfs.Lab;
using Vexfs.Lab.Bisect;
using Vexfs.Reports;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>Bisect: the first commit at which VmIntegration's verdict turns from passed to failed.</summary>
internal sealed partial class Build
{
    [Parameter("Bisect: the last commit known to pass")]
    public string Good = "";

    [Parameter("Bisect: the first commit known to fail")]
    public string Bad = "";

    [Parameter("Bisect: look for the commit that fails with this failure class (Oops, Build, Test, …); a failure of another class is skipped. Empty: any failure")]
    public string Class = "";

    [Parameter("Bisect: which kit judges each step: current (this checkout's build and suite judge the step's vexfs-kernel/; fast) or step (each commit's own ./build.sh)")]
    public BisectKit BisectKit = BisectKit.Current;

    [Parameter("Bisect: the git repository whose history is walked; empty is this checkout")]
    public string BisectRepository = "";

    [Parameter("Bisect: whose history is walked: module (vexfs-kernel/ of each commit) or kernel (the --kernel-tree git checkout's, each step booting that commit with this checkout's module)", Name = "bisect")]
    public BisectSubject BisectSubject = BisectSubject.Module;

    Target Bisect => _ => _
        .Description("Find the first commit between --good and --bad where VmIntegration on one --kernel turns from passed to failed (or to --class); each step runs in a worktree the kit owns, a step it cannot judge is skipped")
        .DependsOn(PublishVexctl)
        .Requires(() => Good, () => Bad)
        .Executes(async ct =>
        {
            var lab = Lab;
            var series = lab.Series.Count == 1
                ? lab.Series[0]
                : throw new InvalidOperationException($"Bisect judges one kernel; --kernel names {lab.Series.Count}: give one").WithExitCode(BuildRunner.UsageError);
            var lookFor = LookForClass();
            var walked = BisectedRepository();
            if (BisectKit == BisectKit.Current)
            {
                // A --test matching nothing is an error before the first step, not sixteen skipped ones.
                await SelectTestsAsync(lab, ct);
            }

            var repository = new GitRepository(walked);
            var good = await repository.ResolveAsync(Good, ct);
            var bad = await repository.ResolveAsync(Bad, ct);
            if (!await repository.IsAncestorAsync(good, bad, ct))
            {
                throw new LabException($"--good {Good} is not an ancestor of --bad {Bad}", "give the older, passing commit as --good and the newer, failing one as --bad");
            }

            var commits = new List<BisectCommit>();
            foreach (var hash in await repository.CommitsBetweenAsync(good, bad, ct))
            {
                commits.Add(new BisectCommit(hash, await repository.SubjectAsync(hash, ct)));
            }

            Logger.LogInformation("bisecting {Count} commits after {Good} on {Series}{Class}", commits.Count, Good, series.Name, lookFor is null ? "" : $", looking for {lookFor}");
            await using var workspace = await BisectWorkspace.CreateAsync(repository, Path.Combine(ArtifactsDirectory, "bisect"), bad, ct);
            var judge = new KitStepJudge(
                new KitStepOptions(
                    RootDirectory, workspace.Worktree, workspace.RunDirectory, series.CatalogName, BisectKit, lookFor, StepArguments(), BisectSubject,
                    BisectSubject == BisectSubject.Module && series.Tree is { } tree ? tree.Path : null),
                LoggerFactory.CreateLogger<KitStepJudge>());
            var result = await new BisectSearch(judge, LoggerFactory.CreateLogger<BisectSearch>())
                .RunAsync(new BisectCommit(good, await repository.SubjectAsync(good, ct)), commits, ct);
            await File.WriteAllTextAsync(Path.Combine(workspace.RunDirectory, "bisect.json"), ReportJson.Serialize(result), ct);
            BisectTable.Write(Console, result, commits, workspace.RunDirectory);
            if (!result.Found)
            {
                throw new LabException(
                    $"the first bad commit is one of {result.Candidates.Count}: {string.Join(", ", result.Candidates.Select(c => c[..10]))} (the kit could not judge the ones before the last)",
                    $"see the steps' build.log under {workspace.RunDirectory}");
            }
        });

    /// <summary>The repository whose commits are judged, checked against --bisect before anything starts.</summary>
    private string BisectedRepository()
    {
        if (BisectSubject == BisectSubject.Module)
        {
            return string.IsNullOrWhiteSpace(BisectRepository) ? RootDirectory : KitDefaults.ExpandHome(BisectRepository);
        }

        if (string.IsNullOrWhiteSpace(KernelTree))
        {
            throw new InvalidOperationException("--bisect kernel walks the history of --kernel-tree: give --kernel-tree PATH (a git checkout of the kernel)")
                .WithExitCode(BuildRunner.UsageError);
        }

        if (BisectKit == BisectKit.Step || !string.IsNullOrWhiteSpace(BisectRepository))
        {
            throw new InvalidOperationException("--bisect kernel judges each kernel commit with this checkout's kit and module: drop --bisect-kit step and --bisect-repository")
                .WithExitCode(BuildRunner.UsageError);
        }

        return KitDefaults.ExpandHome(KernelTree);
    }

    private FailureClass? LookForClass()
    {
        if (string.IsNullOrWhiteSpace(Class))
        {
            return null;
        }

        return Enum.TryParse<FailureClass>(Class, ignoreCase: true, out var parsed) && parsed is not (FailureClass.None or FailureClass.Infrastructure)
            ? parsed
            : throw new InvalidOperationException(
                $"--class {Class} is not a failure class of the module; use one of {string.Join(", ", Enum.GetNames<FailureClass>().Where(n => n is not (nameof(FailureClass.None) or nameof(FailureClass.Infrastructure))))}")
                .WithExitCode(BuildRunner.UsageError);
    }

    /// <summary>This run's VM parameters that differ from their defaults, passed to every step's VmIntegration.</summary>
    private List<string> StepArguments()
    {
        var defaults = new Build();
        var arguments = new List<string>();
        void Pass(string option, object value, object fallback)
        {
            if (!Equals(value, fallback))
            {
                arguments.AddRange([option, value.ToString()!]);
            }
        }

        if (TestPattern.Length > 0)
        {
            arguments.AddRange(["--test", string.Join(',', TestPattern)]);
        }

        Pass("--cache-dir", CacheDir, defaults.CacheDir);
        Pass("--vm-memory", VmMemory, defaults.VmMemory);
        Pass("--vm-cpus", VmCpus, defaults.VmCpus);
        Pass("--accel", Accel, defaults.Accel);
        Pass("--boot-timeout", BootTimeout, defaults.BootTimeout);
        Pass("--module-build", ModuleBuild, defaults.ModuleBuild);
        Pass("--source-delivery", SourceDelivery, defaults.SourceDelivery);
        Pass("--boot", Boot, defaults.Boot);
        Pass("--mirror", Mirror, defaults.Mirror);
        if (!string.IsNullOrWhiteSpace(KernelConfig))
        {
            arguments.AddRange(["--kernel-config", Path.GetFullPath(KitDefaults.ExpandHome(KernelConfig))]);
        }

        return arguments;
    }
}
