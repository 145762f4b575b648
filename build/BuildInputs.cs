namespace VexfsBuild;

/// <summary>
/// The input globs of the stamped targets, relative to the root (bin/, obj/, artifacts/ never count).
/// Whole project folders, not just *.cs: fixtures, snapshots and embedded files change results too.
/// </summary>
internal static class BuildInputs
{
    public static readonly string[] Restore =
        ["**/*.csproj", "*.props", "VexFS.slnx", "global.json", "nuget.config"];

    public static readonly string[] CSharp =
        [.. Restore, ".editorconfig", "build/**", "src/**", "tests/**", "vexctl/**"];

    // vexctl is one project with no project references: its folder and what restores it.
    public static readonly string[] Vexctl = [.. Restore, ".editorconfig", "vexctl/**"];

    // The module's sources; Kbuild's products (as .gitignore lists them) are not inputs.
    public static readonly string[] Kernel =
    [
        "vexfs-kernel/**", "!vexfs-kernel/**/*.o", "!vexfs-kernel/**/*.ko", "!vexfs-kernel/**/*.mod",
        "!vexfs-kernel/**/*.mod.c", "!vexfs-kernel/**/*.cmd", "!vexfs-kernel/**/Module.symvers",
        "!vexfs-kernel/**/modules.order", "!vexfs-kernel/**/.tmp_versions/**",
        "!vexfs-kernel/compile_commands.json", "!vexfs-kernel/.clangd",
    ];
}
