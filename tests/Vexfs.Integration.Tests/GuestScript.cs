using System.Globalization;
using System.Text;
using Vexfs.Lab.Session;

namespace Vexfs.Integration.Tests;

/// <summary>
/// Several guest commands run in one SSH round trip (each round trip costs a shell and a session in a slow
/// TCG guest). Every step still gets its own exit code, stdout and stderr: the script brackets each step's
/// output with markers printed by shell builtins, so no extra process runs. The script skips the remaining
/// steps after the first one that should succeed and fails (a step that should fail never stops it), then
/// runs its <see cref="Finally"/> commands, such as the unmount of the test's filesystem. The end marker on
/// stderr carries the step's start and end from bash's $EPOCHREALTIME (a builtin, so timing costs no process
/// either), which is how the suite's time is split per step in suite-commands.log.
/// </summary>
public sealed class GuestScript
{
    private readonly List<ScriptStep> steps = [];
    private readonly List<string> cleanups = [];
    private readonly string marker = $"@@vexfs-step-{Guid.NewGuid():N}";

    public IReadOnlyList<ScriptStep> Steps => steps;

    /// <summary>A command that must exit 0; its output is read after the run.</summary>
    public ScriptStep Ok(string command) => Add(new ScriptStep(command, mustFail: false));

    /// <summary>A command that must exit non-zero (the errno checks).</summary>
    public ScriptStep Fails(string command) => Add(new ScriptStep(command, mustFail: true));

    /// <summary>A command run at the end whatever happened before (its output and exit code are ignored).</summary>
    public void Finally(string command) => cleanups.Add(command);

    /// <summary>Formats and mounts <paramref name="fs"/> as the next step; it is unmounted when the script ends.</summary>
    public ScriptStep FormatAndMount(TestVexfs fs)
    {
        Finally($"{fs.UnmountCommand} 2>/dev/null");
        return Ok(fs.FormatAndMountCommand);
    }

    /// <summary>The shell text sent to the guest.</summary>
    public string Render()
    {
        // Steps share one shell like the lines of a script, but each starts in the same directory: a `cd`
        // into a mount must not keep it busy for a later umount.
        var text = new StringBuilder("vexfs_home=$PWD; vexfs_stop=\n");
        for (var i = 0; i < steps.Count; i++)
        {
            var begin = $"{marker}:{i}";
            text.Append(CultureInfo.InvariantCulture, $"if [ -z \"$vexfs_stop\" ]; then\necho '{begin}'; echo '{begin}' >&2; vexfs_t=$EPOCHREALTIME\n");
            text.Append("{ ").Append(steps[i].Command).Append("\n} </dev/null\n");
            text.Append(CultureInfo.InvariantCulture, $"c=$?; cd \"$vexfs_home\"; printf '\\n{begin}:%d\\n' $c; printf '\\n{begin}:end %s %s\\n' \"$vexfs_t\" \"$EPOCHREALTIME\" >&2\n");
            text.Append(steps[i].MustFail ? "fi\n" : "[ $c -eq 0 ] || vexfs_stop=1\nfi\n");
        }

        foreach (var cleanup in cleanups)
        {
            text.Append("{ ").Append(cleanup).Append("\n} </dev/null >/dev/null 2>&1\n");
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

            var stderr = Between(result.Stderr, begin + "\n", $"\n{begin}:end ");
            steps[i].Complete(new StepResult(code, stdout.Inner, stderr?.Inner ?? "", stderr is { } s ? DurationBefore(s.After) : null));
        }
    }

    // "START END\n" in seconds with microseconds; both empty where the shell has no $EPOCHREALTIME.
    private static TimeSpan? DurationBefore(string text)
    {
        var line = text[..Math.Max(0, text.IndexOf('\n', StringComparison.Ordinal))].Split(' ');
        return line.Length == 2
            && decimal.TryParse(line[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var start)
            && decimal.TryParse(line[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var end)
            ? TimeSpan.FromSeconds((double)(end - start))
            : null;
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
