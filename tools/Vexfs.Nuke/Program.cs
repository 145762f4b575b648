using System.Diagnostics;
using System.Runtime.InteropServices;
using Vexfs.Nuke;

// `nuke [args]`: run the enclosing repository's build.sh with the arguments, from any folder inside it.
// `nuke --completion bash` prints the bash completion; `nuke --complete <word> <previous>` answers it.
var root = RepositoryRoot.Find(Directory.GetCurrentDirectory());
if (args is ["--completion", "bash"])
{
    Console.WriteLine(SchemaCompletion.BashScript);
    return 0;
}

if (root is null)
{
    Console.Error.WriteLine($"nuke: no .nuke/ folder in {Directory.GetCurrentDirectory()} or above it; run nuke inside the VexFS repository (or another NUKE-style repository).");
    return 2;
}

if (args is ["--complete", var current, .. var rest])
{
    var schema = Path.Combine(root, ".nuke", "build.schema.json");
    if (File.Exists(schema))
    {
        var profiles = Directory.EnumerateFiles(Path.Combine(root, ".nuke"), "parameters.*.json")
            .Select(f => Path.GetFileName(f)["parameters.".Length..^".json".Length]);
        foreach (var candidate in SchemaCompletion.Complete(schema, current, rest.FirstOrDefault() ?? "", [.. profiles]))
        {
            Console.WriteLine(candidate);
        }
    }

    return 0;
}

var bootstrap = RepositoryRoot.Bootstrap(root);
if (!File.Exists(bootstrap))
{
    Console.Error.WriteLine($"nuke: {root} has .nuke/ but no {Path.GetFileName(bootstrap)}; restore it from git.");
    return 2;
}

// The build must own the terminal (colours, progress, Ctrl-C for VmShell), so it inherits our standard streams
// instead of being piped; Ctrl-C reaches it through the shared process group and we only wait for its exit code.
var (program, leading) = RepositoryRoot.Runner(bootstrap);
var start = new ProcessStartInfo(program) { WorkingDirectory = root, UseShellExecute = false };
foreach (var argument in leading.Concat(args))
{
    start.ArgumentList.Add(argument);
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => c.Cancel = true);
using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {bootstrap}");
await process.WaitForExitAsync();
return process.ExitCode;
