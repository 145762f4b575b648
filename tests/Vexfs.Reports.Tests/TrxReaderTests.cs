using Xunit;

namespace Vexfs.Reports.Tests;

// Fixtures/integration.trx was written by a real `dotnet test --logger trx` run of the xunit.v3 tests in
// Fixtures/integration.trx.source.txt (4 passing, 2 failing, 1 skipped).
public class TrxReaderTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public async Task Counts_every_outcome()
    {
        var run = await TrxReader.ReadAsync(Fixture("integration.trx"), TestContext.Current.CancellationToken);

        Assert.Equal(4, run.Passed);
        Assert.Equal(2, run.Failed);
        Assert.Equal(1, run.Skipped);
        Assert.Equal(7, run.Total);
        Assert.Equal(7, run.Tests.Count);
    }

    [Fact]
    public async Task Failed_test_carries_message_stack_class_and_stdout()
    {
        var run = await TrxReader.ReadAsync(Fixture("integration.trx"), TestContext.Current.CancellationToken);

        var t = Assert.Single(run.Tests, t => t.Name.EndsWith("Remount_read_only_rejects_vector_writes", StringComparison.Ordinal));
        Assert.Equal(PhaseStatus.Failed, t.Status);
        Assert.Equal("Vexfs.Integration.Tests.MountTests", t.ClassName);
        Assert.StartsWith("Assert.Equal() Failure: Values differ", t.Message, StringComparison.Ordinal);
        Assert.Contains("VexfsIntegrationTests.cs:line 24", t.Message, StringComparison.Ordinal);
        Assert.Equal("ioctl VEXFS_IOC_SET_VECTOR returned 0 on a read-only mount", t.Output);
        Assert.True(t.Duration > TimeSpan.Zero);
    }

    [Fact]
    public async Task Skipped_test_keeps_its_reason_and_theory_rows_are_separate()
    {
        var run = await TrxReader.ReadAsync(Fixture("integration.trx"), TestContext.Current.CancellationToken);

        var skipped = Assert.Single(run.Tests, t => t.Status == PhaseStatus.Skipped);
        Assert.Equal("Vexfs.Integration.Tests.SearchTests.Search_under_kasan_is_clean", skipped.Name);
        Assert.Equal("needs a kernel with CONFIG_KASAN", skipped.Message);
        Assert.Equal(2, run.Tests.Count(t => t.Name.StartsWith("Vexfs.Integration.Tests.SearchTests.Search_returns_k_nearest(", StringComparison.Ordinal)));
        Assert.All(run.Tests.Where(t => t.Status == PhaseStatus.Passed), t => Assert.Null(t.Message));
    }

    [Fact]
    public async Task Missing_file_says_how_to_produce_it()
    {
        var e = await Assert.ThrowsAsync<FileNotFoundException>(
            () => TrxReader.ReadAsync(Fixture("nope.trx"), TestContext.Current.CancellationToken));
        Assert.Contains("--logger", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_trx_xml_is_rejected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vexfs-{Guid.NewGuid():N}.trx");
        await File.WriteAllTextAsync(path, "<testsuites/>", TestContext.Current.CancellationToken);
        try
        {
            var e = await Assert.ThrowsAsync<InvalidDataException>(
                () => TrxReader.ReadAsync(path, TestContext.Current.CancellationToken));
            Assert.Contains("not a VSTest TRX file", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
