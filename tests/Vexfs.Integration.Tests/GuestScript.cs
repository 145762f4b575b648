using System.Globalization;
using System.Text;
using Vexfs.Lab;

namespace Vexfs.Integration.Tests;

/// <summary>
/// Several guest commands run in one SSH round trip (each round trip costs a shell and a session in a slow
/// TCG guest). Every step still gets its own exit code, stdout and stderr: the script brackets each step's
/// output with markers printed by shell builtins, so no extra process runs. The script stops at the first
/// step that should succeed and fails; a step that should fail never stops it.
/// </summary>
public sealed class GuestScript
{
    private readonly List<ScriptStep> steps = [];
    private readonly string marker = $"@@vexfs-step-{Guid.NewGuid():N}";

    public IReadOnlyList<ScriptStep> Steps => steps;

    /// <summary>A command that must exit 0; its output is read after the run.</summary>
    public ScriptStep Ok(string command) => Add(new ScriptStep(command, mustFail: false));

    /// <summary>A command that must exit non-zero (the errno checks).</summary>
    public ScriptStep Fails(string command) => Add(new ScriptStep(command, mustFail: true));

    /// <summary>The shell text sent to the guest.</summary>
    public string Render()
    {
        // Steps share one shell like the lines of a script, but each starts in the same directory: a `cd`
        // into a mount must not keep it busy for a later umount.
        var text = new StringBuilder("vexfs_home=$PWD\n");
        for (var i = 0; i < steps.Count; i++)
        {
            var begin = $"{marker}:{i}";
            text.Append(CultureInfo.InvariantCulture, $"echo '{begin}'; echo '{begin}' >&2\n");
            text.Append("{ ").Append(steps[i].Command).Append("\n} </dev/null\n");
            text.Append(CultureInfo.InvariantCulture, $"c=$?; cd \"$vexfs_home\"; printf '\\n{begin}:%d\\n' $c; printf '\\n{begin}:end\\n' >&2\n");
            if (!steps[i].MustFail)
            {
                text.Append("[ $c -eq 0 ] || exit 0\n");
            }
        }

        return text.ToString();
    }

    /// <summary>Splits the script's output back into the steps that ran.</summary>
    internal void Complete(CommandResult result)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var begin = $"{marker}:{i}";
            if (Between(result.Stdout, begin + "\n", $"\n{begin}:") is not { } stdout || ExitCodeAfter(stdout.After) is not { } code)
            {
                return;
            }

            var stderr = Between(result.Stderr, begin + "\n", $"\n{begin}:end\n")?.Inner ?? "";
            steps[i].Complete(new StepResult(code, stdout.Inner, stderr));
        }
    }

    // The end marker is followed by the step's exit code and a newline.
    private static int? ExitCodeAfter(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return end > 0 && int.TryParse(text.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    private static (string Inner, string After)? Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        if (from < 0)
        {
            return null;
        }

        from += start.Length;
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return to < 0 ? null : (text[from..to], text[(to + end.Length)..]);
    }

    private ScriptStep Add(ScriptStep step)
    {
        steps.Add(step);
        return step;
    }
}
