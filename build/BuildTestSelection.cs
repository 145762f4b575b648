using Microsoft.Extensions.Logging;
using Vexfs.Lab;
using Vexfs.Lab.Pipeline;
using Vexfs.Targets;

namespace VexfsBuild;

/// <summary>--test and --module-source: which integration tests run, and which module tree is judged.</summary>
internal sealed partial class Build
{
    [Parameter("Only the integration tests matching: a substring of Namespace.Class.Method, or a pattern with *; several comma-separated. The others are reported as not run", Name = "Test")]
    public string[] TestPattern = [];

    [Parameter("The module source tree to build and judge; empty is vexfs-kernel/ of this checkout (Bisect points it at each step's worktree)")]
    public string ModuleSource = "";

    /// <summary>The chosen tests, resolved against the built suite before any guest boots; null runs them all.</summary>
    private Task<SelectedTests?> SelectTestsAsync(VmLab lab, CancellationToken ct) => SelectTestsAsync(lab, TestPattern, ct);

    /// <summary>The tests <paramref name="patterns"/> choose (a target's own selection, or --test); null when none is given.</summary>
    private async Task<SelectedTests?> SelectTestsAsync(VmLab lab, string[] patterns, CancellationToken ct)
    {
        if (patterns.Length == 0)
        {
            return null;
        }

        var suite = new SuiteRunner(LoggerFactory.CreateLogger<SuiteRunner>());
        var methods = await suite.ListMethodsAsync(lab.SuiteProject, ct);
        try
        {
            return new TestSelection(patterns).Choose(methods);
        }
        catch (LabException e)
        {
            // A pattern matching nothing is the user's mistake, not a green run and not the module's failure.
            throw e.WithExitCode(BuildRunner.UsageError);
        }
    }
}
