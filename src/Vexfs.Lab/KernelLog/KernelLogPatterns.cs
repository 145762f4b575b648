using System.Text.RegularExpressions;
using Vexfs.Reports;

namespace Vexfs.Lab.KernelLog;

/// <summary>A kind of kernel report: what starts it and how it is classified.</summary>
internal sealed record KernelLogPattern(string Name, FailureClass Class, Regex Start);

/// <summary>
/// The reports the scanner knows, most specific first (the first match wins). Every pattern is anchored at
/// the start of the kernel message, which is where printk puts them; the same words later in a line
/// (a module's own "vexfs: WARNING ...", "panic=-1" on the command line) are not reports.
/// </summary>
internal static class KernelLogPatterns
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    public static IReadOnlyList<KernelLogPattern> All { get; } =
    [
        P("Kernel panic", FailureClass.Panic, @"^Kernel panic - not syncing"),
        P("KASAN", FailureClass.MemoryCorruption, @"^BUG: KASAN: "),
        P("KFENCE", FailureClass.MemoryCorruption, @"^BUG: KFENCE: "),
        P("UBSAN", FailureClass.UndefinedBehaviour, @"^UBSAN: "),
        P("sleeping function called from invalid context", FailureClass.AtomicSleep, @"^BUG: sleeping function called from invalid context"),
        P("scheduling while atomic", FailureClass.AtomicSleep, @"^BUG: scheduling while atomic"),
        P("Invalid wait context", FailureClass.AtomicSleep, @"^BUG: Invalid wait context"),
        P("soft lockup", FailureClass.Hang, @"^(watchdog: )?BUG: soft lockup"),
        P("hard lockup", FailureClass.Hang, @"^(watchdog: )?Watchdog detected hard LOCKUP"),
        P("workqueue lockup", FailureClass.Hang, @"^BUG: workqueue lockup"),
        P("BUG: kernel NULL pointer dereference", FailureClass.Oops, @"^BUG: kernel NULL pointer dereference"),
        P("BUG: unable to handle page fault", FailureClass.Oops, @"^BUG: unable to handle (page fault|kernel paging request)"),
        P("kernel BUG at", FailureClass.Bug, @"^kernel BUG at "),
        P("BUG:", FailureClass.Bug, @"^BUG: "),
        P("general protection fault", FailureClass.Oops, @"^general protection fault"),
        P("Oops", FailureClass.Oops, @"^Oops: "),
        P("invalid opcode", FailureClass.Oops, @"^invalid opcode: "),
        P("possible circular locking", FailureClass.Locking, @"^WARNING: possible circular locking dependency"),
        P("inconsistent lock state", FailureClass.Locking, @"^WARNING: inconsistent lock state"),
        P("possible recursive locking", FailureClass.Locking, @"^WARNING: possible recursive locking detected"),
        P("bad unlock balance", FailureClass.Locking, @"^WARNING: bad unlock balance detected"),
        P("held lock freed", FailureClass.Locking, @"^WARNING: held lock freed"),
        P("lock held when returning to user space", FailureClass.Locking, @"^WARNING: lock held when returning to user space"),
        P("WARNING:", FailureClass.Warning, @"^WARNING: "),
        P("blocked for more than", FailureClass.Hang, @"^INFO: task \S+ blocked for more than \d+ seconds"),
        P("rcu stall", FailureClass.Hang, @"^(rcu: )?INFO: rcu_\S+ (self-)?detected (expedited )?stalls?"),
        P("Call Trace:", FailureClass.Warning, @"^Call Trace:"),
    ];

    /// <summary>Lines that belong to the report already open (a BUG line is followed by its Oops line).</summary>
    public static Regex Continuation { get; } = new(@"^(Oops: |invalid opcode: |#PF: |Call Trace:)", Options);

    /// <summary>The line a WARN/BUG report opens with, just before the report line.</summary>
    public static Regex CutHere { get; } = new(@"^-+\[ cut here \]-+$", Options);

    /// <summary>KASAN/KFENCE/UBSAN and lockdep frame their reports with a rule of '=' characters.</summary>
    public static Regex Rule { get; } = new(@"^={20,}$", Options);

    /// <summary>"---[ end trace 0000000000000000 ]---" or "---[ end Kernel panic - not syncing: ... ]---".</summary>
    public static Regex EndMarker { get; } = new(@"^-+\[ end (trace|Kernel panic)", Options);

    /// <summary>The header dump_stack() prints before a bare call trace.</summary>
    public static Regex StackHeader { get; } = new(@"^(CPU: \d+ PID: \d+|Hardware name: )", Options);

    public static KernelLogPattern? Match(string message)
    {
        foreach (var p in All)
        {
            if (p.Start.IsMatch(message))
            {
                return p;
            }
        }

        return null;
    }

    private static KernelLogPattern P(string name, FailureClass cls, string start) => new(name, cls, new Regex(start, Options));
}
