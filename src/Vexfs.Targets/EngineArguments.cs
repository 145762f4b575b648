namespace Vexfs.Targets;

/// <summary>
/// The command line as NUKE reads it before System.CommandLine does: an option's name may be spelled with any
/// case and dashes (<c>--VmMemory</c>, <c>--vmmemory</c> and <c>--vm-memory</c> are one option), and the options
/// that decide where parameters come from (<c>--root</c>, <c>--profile</c>) are needed before the parse.
/// </summary>
internal static class EngineArguments
{
    public const string Root = "--root";
    public const string Profile = "--profile";
    public const string Continue = "--continue";

    /// <summary>The arguments with each option name replaced by the known option it means; unknown ones stay.</summary>
    public static string[] Canonicalize(IReadOnlyList<string> args, IReadOnlyCollection<string> optionNames)
    {
        var result = new List<string>(args.Count);
        foreach (var arg in args)
        {
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--" || optionNames.Contains(arg))
            {
                result.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            var known = optionNames.FirstOrDefault(o => o.StartsWith("--", StringComparison.Ordinal) && Naming.SameName(name, o));
            if (known is null)
            {
                result.Add(arg);
                continue;
            }

            result.Add(known);
            if (equals >= 0)
            {
                result.Add(arg[(equals + 1)..]);
            }
        }

        return [.. result];
    }

    /// <summary>The values following the first use of an option, up to the next option; null when it is absent.</summary>
    public static IReadOnlyList<string>? Values(IReadOnlyList<string> args, string option)
    {
        var canonical = Canonicalize(args, [option]);
        var index = Array.IndexOf(canonical, option);
        return index < 0 ? null : [.. canonical.Skip(index + 1).TakeWhile(a => !a.StartsWith('-'))];
    }

    /// <summary>The directory <c>--root</c> names, made absolute; null when not given.</summary>
    public static string? RootDirectory(IReadOnlyList<string> args)
    {
        if (Values(args, Root) is not { } values)
        {
            return null;
        }

        if (values.Count != 1)
        {
            throw new UsageException($"{Root} takes one directory (the repository root, the folder holding .nuke/).");
        }

        var path = Path.GetFullPath(values[0]);
        return Directory.Exists(path)
            ? path
            : throw new UsageException($"{Root} {values[0]}: no such directory. Give the repository root (the folder holding .nuke/).");
    }
}
