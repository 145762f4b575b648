using System.Diagnostics;

namespace Vexfs.Lab.Tests.Bisect;

/// <summary>A throw-away git repository holding this checkout's vexfs-kernel/ (tracked files only), built commit by commit.</summary>
internal sealed class TempHistory : IDisposable
{
    private TempHistory(string path) => Path = path;

    public string Path { get; }

    public List<string> Commits { get; } = [];

    public static TempHistory Create(string repoRoot)
    {
        var history = new TempHistory(Directory.CreateTempSubdirectory("vexfs-bisect-history-").FullName);
        history.Git("init", "-q", "-b", "main");
        foreach (var file in Run(repoRoot, "git", "ls-files", "vexfs-kernel").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var target = System.IO.Path.Combine(history.Path, file);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(System.IO.Path.Combine(repoRoot, file), target);
        }

        history.Commit("the module as it is today");
        return history;
    }

    /// <summary>Appends a line to a file of the repository and commits it.</summary>
    public string Append(string file, string line, string subject)
    {
        File.AppendAllText(System.IO.Path.Combine(Path, file), line + "\n");
        return Commit(subject);
    }

    public string Git(params string[] arguments) => Run(Path, "git", arguments);

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private string Commit(string subject)
    {
        Git("add", "-A");
        Git("-c", "user.name=VexFS test", "-c", "user.email=test@vexfs.invalid", "commit", "-q", "-m", subject);
        Commits.Add(Git("rev-parse", "HEAD").Trim());
        return Commits[^1];
    }

    private static string Run(string directory, string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)}: exit {process.ExitCode}: {error}");
    }
}
