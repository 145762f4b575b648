using CliWrap;
using CliWrap.Buffered;

namespace Vexfs.Lab.Bisect;

/// <summary>
/// The git commands Bisect needs, run with the git CLI. Only <see cref="AddWorktreeAsync"/> and
/// <see cref="RemoveWorktreeAsync"/> touch the repository (its worktree list); the developer's checkout,
/// branch and index are never changed.
/// </summary>
public sealed class GitRepository(string directory)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>The full hash of a revision that names a commit; a clear error when it does not.</summary>
    public async Task<string> ResolveAsync(string revision, CancellationToken ct)
    {
        var result = await TryGitAsync(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], ct);
        return result.ExitCode == 0 && result.StandardOutput.Trim() is { Length: 40 } hash
            ? hash
            : throw new LabException($"'{revision}' is not a commit of the repository {Directory}", "give a branch, tag or hash that `git log` shows");
    }

    public async Task<bool> IsAncestorAsync(string ancestor, string descendant, CancellationToken ct) =>
        (await TryGitAsync(["merge-base", "--is-ancestor", ancestor, descendant], ct)).ExitCode == 0;

    /// <summary>The commits after <paramref name="good"/> up to and including <paramref name="bad"/>, oldest first, along first parents.</summary>
    public async Task<IReadOnlyList<string>> CommitsBetweenAsync(string good, string bad, CancellationToken ct)
    {
        var output = await GitAsync(["rev-list", "--reverse", "--first-parent", "--ancestry-path", $"{good}..{bad}"], ct);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public async Task<string> SubjectAsync(string commit, CancellationToken ct) =>
        (await GitAsync(["log", "-1", "--format=%s", commit], ct)).Trim();

    /// <summary>A detached worktree at <paramref name="commit"/>; an old one at the same path (a killed run's) is replaced.</summary>
    public async Task AddWorktreeAsync(string path, string commit, CancellationToken ct)
    {
        await RemoveWorktreeAsync(path);
        await GitAsync(["worktree", "add", "--detach", "--force", path, commit], ct);
    }

    /// <summary>Moves a worktree to another commit, dropping what a previous step left untracked (ignored build output stays).</summary>
    public static async Task CheckoutAsync(string worktree, string commit, CancellationToken ct)
    {
        var tree = new GitRepository(worktree);
        await tree.GitAsync(["checkout", "--detach", "--force", "--quiet", commit], ct);
        await tree.GitAsync(["clean", "-fdq"], ct);
    }

    /// <summary>Removes the worktree and its entry; safe when there is none. Not cancellable: it is the clean-up.</summary>
    public async Task RemoveWorktreeAsync(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            await TryGitAsync(["worktree", "remove", "--force", "--force", path], CancellationToken.None);
            if (System.IO.Directory.Exists(path))
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
        }

        await TryGitAsync(["worktree", "prune"], CancellationToken.None);
    }

    private async Task<string> GitAsync(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var result = await TryGitAsync(arguments, ct);
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new LabException($"git {string.Join(' ', arguments)} failed in {Directory} (exit {result.ExitCode}): {result.StandardError.Trim()}");
    }

    private Task<BufferedCommandResult> TryGitAsync(IReadOnlyList<string> arguments, CancellationToken ct) =>
        Cli.Wrap("git")
            .WithArguments(["-C", Directory, .. arguments])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct)
            .Task;
}
