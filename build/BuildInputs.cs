namespace VexfsBuild;

/// <summary>The input globs of the stamped targets (relative to the root; bin/, obj/, artifacts/ never count).</summary>
internal static class BuildInputs
{
    public static readonly string[] Restore =
        ["**/*.csproj", "*.props", "VexFS.slnx", "global.json", "nuget.config"];

    public static readonly string[] CSharp =
        [.. Restore, "**/*.cs", ".editorconfig", "**/*.json", "!.nuke/**"];

    public static readonly string[] Kernel =
        ["vexfs-kernel/**/*.c", "vexfs-kernel/**/*.h", "vexfs-kernel/.clang-format", "vexfs-kernel/Kbuild", "vexfs-kernel/Makefile"];
}
