using CliWrap;
using CliWrap.Buffered;
using Vexfs.Lab.ModuleBuild;
using Vexfs.Lab.Share;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests.Share;

/// <summary>
/// The guest's vexfs-make script, run by the host's /bin/sh on a directory standing in for the share:
/// the link tree holds exactly the sources, follows host edits and deletions, and keeps build products.
/// </summary>
public sealed class VexfsMakeScriptTests
{
    [Fact]
    public async Task Link_tree_has_only_sources_and_follows_edits_and_deletions()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var src = temp.Combine("share/src");
        var build = temp.Combine("build");
        Directory.CreateDirectory(Path.Combine(src, "include/uapi"));
        Directory.CreateDirectory(Path.Combine(src, ".cache"));
        foreach (var file in new[] { "Kbuild", "Makefile", "super.c", "vexfs.h", "include/uapi/vexfs.h", "vexfs.mod.c", "super.o", ".clangd", ".cache/index", "compile_commands.json" })
        {
            await File.WriteAllTextAsync(Path.Combine(src, file), file, ct);
        }

        var script = await ScriptAsync(temp, ct);

        await LinkAsync(script, src, build, ct);
        Assert.Equal(["Kbuild", "Makefile", "include/uapi/vexfs.h", "super.c", "vexfs.h"], Links(build));
        Assert.Equal(Path.Combine(src, "super.c"), File.ResolveLinkTarget(Path.Combine(build, "super.c"), returnFinalTarget: false)!.FullName);

        // An edit on the host is what the build reads; a build product beside the links stays; a deleted source goes.
        await File.WriteAllTextAsync(Path.Combine(src, "super.c"), "edited", ct);
        await File.WriteAllTextAsync(Path.Combine(build, "super.o"), "object", ct);
        File.Delete(Path.Combine(src, "vexfs.h"));
        await File.WriteAllTextAsync(Path.Combine(src, "new.c"), "new", ct);
        await LinkAsync(script, src, build, ct);
        Assert.Equal("edited", await File.ReadAllTextAsync(Path.Combine(build, "super.c"), ct));
        Assert.Equal("object", await File.ReadAllTextAsync(Path.Combine(build, "super.o"), ct));
        Assert.Equal(["Kbuild", "Makefile", "include/uapi/vexfs.h", "new.c", "super.c"], Links(build));
    }

    [Fact]
    public async Task Without_the_share_it_says_so()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var script = await ScriptAsync(temp, ct);

        var result = await Run(script, temp.Combine("missing"), temp.Combine("build")).ExecuteBufferedAsync(ct);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the source share is not mounted", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_arguments_it_runs_the_pipelines_make_line()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var src = temp.Combine("share/src");
        var build = temp.Combine("build");
        Directory.CreateDirectory(src);
        await File.WriteAllTextAsync(Path.Combine(src, "Kbuild"), "obj-m := x.o\n", ct);
        var script = await ScriptAsync(temp, ct);

        // A make that prints its arguments, one a line, stands in for the guest's.
        var bin = temp.Combine("bin");
        Directory.CreateDirectory(bin);
        var make = Path.Combine(bin, "make");
        await File.WriteAllTextAsync(make, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n", ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(make, (UnixFileMode)0x1ED);
        }
        var release = (await Cli.Wrap("uname").WithArguments("-r").ExecuteBufferedAsync(ct)).StandardOutput.Trim();

        var result = await Cli.Wrap("/bin/sh").WithArguments([script])
            .WithEnvironmentVariables(e => e.Set("VEXFS_SHARED_SOURCES", src).Set("VEXFS_BUILD_DIR", build).Set("PATH", $"{bin}:/usr/bin:/bin"))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(
            KbuildMake.Arguments($"/lib/modules/{release}/build", build, null).Skip(1),
            result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static async Task<string> ScriptAsync(TempDirectory temp, CancellationToken ct)
    {
        var script = temp.Combine("vexfs-make");
        await using var resource = typeof(SourceShare).Assembly.GetManifestResourceStream("vexfs-make.sh")!;
        await using var copy = File.Create(script);
        await resource.CopyToAsync(copy, ct);
        return script;
    }

    private static async Task LinkAsync(string script, string src, string build, CancellationToken ct)
    {
        var result = await Run(script, src, build).ExecuteBufferedAsync(ct);
        Assert.True(result.ExitCode == 0, result.StandardError);
    }

    private static Command Run(string script, string src, string build) =>
        Cli.Wrap("/bin/sh").WithArguments([script, "--link"])
            .WithEnvironmentVariables(e => e.Set("VEXFS_SHARED_SOURCES", src).Set("VEXFS_BUILD_DIR", build))
            .WithValidation(CommandResultValidation.None);

    private static string[] Links(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(p => new FileInfo(p).LinkTarget is not null)
            .Select(p => Path.GetRelativePath(root, p))
            .Order(StringComparer.Ordinal)];
}
