namespace Vexfs.Lab.ModuleBuild;

/// <summary>
/// The one make line that builds the module, wherever it runs (the guest, the host's chroot of the image's
/// build root, the guest's vexfs-make script checks its default against <see cref="Flags"/>): W=1 and every
/// warning an error, so no build path accepts what another rejects.
/// </summary>
public static class KbuildMake
{
    /// <summary>The make variables every build passes before its goal.</summary>
    public static IReadOnlyList<string> Flags { get; } = ["W=1", "VEXFS_WERROR=1"];

    public const string Goal = "modules";

    /// <summary>make's arguments for the kernel build tree <paramref name="kernelBuildDirectory"/> and the module directory <paramref name="moduleDirectory"/>.</summary>
    public static IReadOnlyList<string> Arguments(string kernelBuildDirectory, string moduleDirectory, string? injectFault, int? jobs = null) =>
    [
        "make",
        .. jobs is { } j ? [$"-j{j}"] : Array.Empty<string>(),
        "-C", kernelBuildDirectory, $"M={moduleDirectory}", .. Flags,
        .. string.IsNullOrEmpty(injectFault) ? Array.Empty<string>() : [$"VEXFS_FAULT={injectFault}"],
        Goal,
    ];

    /// <summary>The line as a guest shell runs it: the kernel build tree of the running kernel, output merged.</summary>
    public static string GuestCommand(string moduleDirectory, string? injectFault) =>
        string.Join(' ', Arguments("/lib/modules/$(uname -r)/build", moduleDirectory, injectFault)) + " 2>&1";
}
