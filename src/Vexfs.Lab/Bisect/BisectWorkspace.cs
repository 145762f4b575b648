using System.Globalization;

namespace Vexfs.Lab.Bisect;

/// <summary>
/// The folder a bisection owns: a detached git worktree (worktree-&lt;pid&gt;) the steps check commits out in,
/// and the run's folder of step reports. Disposing removes the worktree and its entry in the repository; a
/// worktree left by a run that was killed (its process is gone) is removed by the next bisection.
/// </summary>
public sealed class BisectWorkspace : IAsyncDisposable
{
    private const string Prefix = "worktree-";

    private readonly GitRepository repository;

    private BisectWorkspace(GitRepository repository, string worktree, string runDirectory)
    {
        this.repository = repository;
        Worktree = worktree;
        RunDirectory = runDirectory;
    }

    public string Worktree { get; }

    /// <summary>artifacts/bisect/&lt;time&gt;/: one step-NN-&lt;commit&gt; folder per step, and bisect.json.</summary>
    public string RunDirectory { get; }

    public static async Task<BisectWorkspace> CreateAsync(GitRepository repository, string root, string commit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(repository);
        Directory.CreateDirectory(root);
        await SweepAsync(repository, root);
        var worktree = Path.Combine(root, Prefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var run = Path.Combine(root, DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(run);
        var workspace = new BisectWorkspace(repository, worktree, run);
        try
        {
            await repository.AddWorktreeAsync(worktree, commit, ct);
        }
        catch
        {
            await workspace.DisposeAsync();
            throw;
        }

        return workspace;
    }

    public async ValueTask DisposeAsync() => await repository.RemoveWorktreeAsync(Worktree);

    private static async Task SweepAsync(GitRepository repository, string root)
    {
        foreach (var dir in Directory.EnumerateDirectories(root, Prefix + "*"))
        {
            if (int.TryParse(Path.GetFileName(dir)[Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !IsAlive(pid))
            {
                await repository.RemoveWorktreeAsync(dir);
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
