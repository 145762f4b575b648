namespace Vexfs.Reports;

/// <summary>Why a run failed; <see cref="None"/> when it passed.</summary>
public enum FailureClass
{
    None,
    Infrastructure,
    Build,
    Load,
    Oops,
    Bug,
    Warning,
    Panic,
    Hang,
    UnloadFailure,
    DataLoss,
    Abi,
    Test,

    /// <summary>kmemleak: an object vexfs allocated and nothing references after umount and rmmod (debug kernels).</summary>
    MemoryLeak,

    /// <summary>KASAN or KFENCE: use-after-free, out-of-bounds, double or invalid free (debug kernels).</summary>
    MemoryCorruption,

    /// <summary>lockdep: a possible circular locking dependency, inconsistent lock state, recursive locking (debug kernels).</summary>
    Locking,

    /// <summary>Sleeping in atomic context: "sleeping function called from invalid context", "scheduling while atomic".</summary>
    AtomicSleep,

    /// <summary>UBSAN: array index out of bounds, shift out of bounds and the other checks the kernel enables.</summary>
    UndefinedBehaviour,
}
