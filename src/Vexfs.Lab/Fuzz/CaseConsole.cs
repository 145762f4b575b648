namespace Vexfs.Lab.Fuzz;

/// <summary>One case's part of the console: the lines between its start and end markers.</summary>
public sealed record CaseSegment(string Id, string Text, bool Ended);

/// <summary>Splits a console log (or dmesg) at the workload's /dev/kmsg markers, so each report goes to its case.</summary>
public static class CaseConsole
{
    public static IReadOnlyList<CaseSegment> Split(string console)
    {
        var segments = new List<CaseSegment>();
        string? id = null;
        var lines = new List<string>();
        foreach (var line in console.Split('\n'))
        {
            var at = line.IndexOf(FuzzWorkload.MarkerPrefix, StringComparison.Ordinal);
            if (at >= 0)
            {
                var rest = line[(at + FuzzWorkload.MarkerPrefix.Length)..].Trim().Split(' ');
                if (rest is [var markerId, "start"])
                {
                    Close(ended: false);
                    id = markerId;
                    lines.Clear();
                    continue;
                }

                if (rest is [var endId, "end"] && endId == id)
                {
                    Close(ended: true);
                    continue;
                }
            }

            if (id is not null)
            {
                lines.Add(line);
            }
        }

        Close(ended: false);
        return segments;

        void Close(bool ended)
        {
            if (id is not null)
            {
                segments.Add(new CaseSegment(id, string.Join('\n', lines), ended));
                id = null;
            }
        }
    }

    /// <summary>The workload's stdout of each case (the lines after its "@@ case ID" line).</summary>
    public static IReadOnlyDictionary<string, string> SplitOutput(string stdout)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        string? id = null;
        var lines = new List<string>();
        foreach (var line in stdout.Split('\n').Append(FuzzWorkload.OutputPrefix))
        {
            if (line.StartsWith(FuzzWorkload.OutputPrefix, StringComparison.Ordinal) || line.StartsWith("@@ batch done", StringComparison.Ordinal))
            {
                if (id is not null)
                {
                    outputs[id] = string.Join('\n', lines).Trim();
                }

                id = line.StartsWith(FuzzWorkload.OutputPrefix, StringComparison.Ordinal) ? line[FuzzWorkload.OutputPrefix.Length..].Trim() : null;
                lines.Clear();
                continue;
            }

            lines.Add(line);
        }

        return outputs;
    }
}
