using System.Text;

namespace Vexfs.Lab.Fuzz;

/// <summary>
/// Keeps a failing case: &lt;case&gt;.img (the image as the workload found it), &lt;case&gt;.sh (the workload, runnable on
/// its own) and &lt;case&gt;.log (verdict, mutations, the quoted kernel reports, the workload's output, how to replay).
/// </summary>
public sealed class ReproducerWriter(FuzzOptions options, uint dim, string vexctlInGuest)
{
    public string Directory => options.ReproducerDirectory;

    /// <summary>Removes the reproducers of an earlier run, so the directory holds this run's only.</summary>
    public void Clear()
    {
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory).Where(f => f.EndsWith(".img", StringComparison.Ordinal) || f.EndsWith(".sh", StringComparison.Ordinal) || f.EndsWith(".log", StringComparison.Ordinal)))
        {
            File.Delete(file);
        }
    }

    public async Task<string> WriteAsync(FuzzOutcome outcome, CancellationToken ct)
    {
        var c = outcome.Case;
        var stem = Path.Combine(Directory, c.Id);
        await File.WriteAllBytesAsync(stem + ".img", c.Image, ct);
        await File.WriteAllTextAsync(stem + ".sh", FuzzWorkload.Standalone(c, dim, vexctlInGuest), ct);
        await File.WriteAllTextAsync(stem + ".log", Describe(outcome), ct);
        return stem + ".log";
    }

    public async Task WriteBaseAsync(BaseImage image, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await File.WriteAllBytesAsync(Path.Combine(Directory, $"base-{image.Name}.img"), image.Bytes, ct);
    }

    public string Describe(FuzzOutcome outcome)
    {
        var c = outcome.Case;
        var s = new StringBuilder();
        s.AppendLine($"case {c.Id}: {outcome.Verdict} (seed {options.Seed}, case {c.Index}, from the base image \"{c.BaseName}\")");
        s.AppendLine("mutations:");
        foreach (var m in c.Mutations)
        {
            s.AppendLine($"  - {m.Kind}: {m.Description}");
        }

        s.AppendLine($"replay: ./build.sh FuzzImages --kernel <series> --seed {options.Seed} --fuzz-first {c.Index} --fuzz-cases 1");
        s.AppendLine($"by hand: sh {c.Id}.sh {c.Id}.img (as root, in a guest with vexfs loaded)");
        if (outcome.Detail is { } detail)
        {
            s.AppendLine().AppendLine(detail);
        }

        foreach (var f in outcome.Findings)
        {
            s.AppendLine().AppendLine($"kernel log ({f.Source}, line {f.Line}): {f.Pattern} [{f.Class}]").AppendLine(f.Block);
        }

        s.AppendLine().AppendLine("workload output:").AppendLine(outcome.Output.Length > 0 ? outcome.Output : "(none: the guest was lost before it answered)");
        return s.ToString();
    }
}
