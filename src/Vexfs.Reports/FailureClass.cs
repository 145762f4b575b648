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
}
