using Vexctl.Cli;
using Vexctl.Tests.Support;

namespace Vexctl.Tests.Cli;

/// <summary>`vec import` on this host (no vexfs here): exit codes, line numbers, and parse-before-set.</summary>
public sealed class VecImportCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vexctl-import-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task A_bad_line_anywhere_is_exit_2_before_any_file_is_touched()
    {
        // Line 1 names a missing file (exit 1 if it were tried): the usage error of line 3 must come first.
        var result = await CliRun.RunWithStdinAsync("/nonexistent/a\t1,2\n\n/nonexistent/b\t1,two\n", "vec", "import", "-");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("vexctl: stdin line 3: value 2 ('two') is not an integer; give integers in -128..127, or real numbers with --quantize\n", result.Error);
    }

    [Fact]
    public async Task A_failing_file_names_its_line_and_how_many_were_set_before_it()
    {
        var input = Path.Combine(_dir.FullName, "vectors.tsv");
        await File.WriteAllTextAsync(input, "# header\n/nonexistent/a\t1,2\n/nonexistent/b\t3,4\n", TestContext.Current.CancellationToken);
        var result = await CliRun.RunAsync("vec", "import", input);
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.StartsWith($"vexctl: {input} line 2: vec import /nonexistent/a: cannot open: ENOENT (No such file or directory); check the path (0 of 2 vectors were set before this line;", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_off_vexfs_keeps_the_not_vexfs_exit_code()
    {
        var file = Path.Combine(_dir.FullName, "plain");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);
        var result = await CliRun.RunWithStdinAsync($"{file}\t1,2,3\n", "vec", "import", "-");
        Assert.Equal(ExitCodes.NotVexfs, result.ExitCode);
        Assert.StartsWith($"vexctl: stdin line 1: vec import {file}: not a vexfs file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_on_a_line_is_exit_1_saying_vectors_belong_to_regular_files()
    {
        var result = await CliRun.RunWithStdinAsync($"{_dir.FullName}\t1\n", "vec", "import", "-");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("not a regular file; vectors belong to regular files", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_input_sets_nothing_and_succeeds()
    {
        var result = await CliRun.RunWithStdinAsync("# no files matched\n", "vec", "import", "-");
        Assert.Equal(new CliResult(ExitCodes.Ok, "", ""), result);
    }

    [Fact]
    public async Task A_missing_input_file_is_exit_1_naming_it()
    {
        var result = await CliRun.RunAsync("vec", "import", "/nonexistent/vectors.tsv");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.StartsWith("vexctl: cannot read the vectors to import from /nonexistent/vectors.tsv:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_input_it_is_a_usage_error()
    {
        var result = await CliRun.RunAsync("vec", "import");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }
}
