using System.Xml;
using System.Xml.Linq;

namespace Vexfs.Lab.Pipeline;

/// <summary>
/// The built integration-test assembly of a test project, and whether it is older than anything it is built
/// from (its sources, its project references' sources, the solution-wide props), so the suite can run the
/// assembly directly and rebuild only when needed.
/// </summary>
public sealed record SuiteAssembly(string Project, string? AssemblyPath, string? StaleReason)
{
    private static readonly string[] SharedInputs = ["Directory.Build.props", "Directory.Packages.props", "global.json"];
    private static readonly string[] SourceExtensions = [".cs", ".csproj"];

    public bool IsCurrent => StaleReason is null;

    /// <summary>Finds bin/&lt;configuration&gt;/&lt;tfm&gt;/&lt;project name&gt;.dll (the newest if several) and compares times.</summary>
    public static SuiteAssembly Inspect(string project)
    {
        var projectDir = Path.GetDirectoryName(Path.GetFullPath(project))!;
        var name = Path.GetFileNameWithoutExtension(project) + ".dll";
        var bin = Path.Combine(projectDir, "bin");
        var built = Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, name, SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}ref{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Select(f => new FileInfo(f))
                .MaxBy(f => f.LastWriteTimeUtc)
            : null;
        if (built is null)
        {
            return new SuiteAssembly(project, null, $"{name} is not built");
        }

        FileInfo? newest;
        try
        {
            newest = Inputs(project).Select(f => new FileInfo(f)).MaxBy(f => f.LastWriteTimeUtc);
        }
        catch (InvalidDataException e)
        {
            // The build that follows reports the broken project file properly.
            return new SuiteAssembly(project, built.FullName, e.Message);
        }

        return newest is not null && newest.LastWriteTimeUtc > built.LastWriteTimeUtc
            ? new SuiteAssembly(project, built.FullName, $"{newest.FullName} is newer than {built.FullName}")
            : new SuiteAssembly(project, built.FullName, null);
    }

    /// <summary>Every file the assembly is built from: the project's and its references' (transitively) sources.</summary>
    internal static IEnumerable<string> Inputs(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current) || !File.Exists(current))
            {
                continue;
            }

            var dir = Path.GetDirectoryName(current)!;
            foreach (var file in Sources(dir))
            {
                yield return file;
            }

            foreach (var reference in References(current))
            {
                pending.Push(Path.GetFullPath(Path.Combine(dir, reference)));
            }
        }

        for (var dir = Path.GetDirectoryName(Path.GetFullPath(project)); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            foreach (var shared in SharedInputs.Select(f => Path.Combine(dir, f)).Where(File.Exists))
            {
                yield return shared;
            }
        }
    }

    private static IEnumerable<string> Sources(string projectDir) =>
        Directory.EnumerateFiles(projectDir, "*", SearchOption.AllDirectories)
            .Where(f => SourceExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Where(f => !InOutputFolder(Path.GetRelativePath(projectDir, f)));

    private static bool InOutputFolder(string relative)
    {
        var first = relative.Split(Path.DirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }

    private static IEnumerable<string> References(string project)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(project);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"{project} cannot be read: {e.Message}", e);
        }

        return document.Descendants("ProjectReference")
            .Select(r => (string?)r.Attribute("Include"))
            .OfType<string>()
            .Select(r => r.Replace('\\', Path.DirectorySeparatorChar));
    }
}
