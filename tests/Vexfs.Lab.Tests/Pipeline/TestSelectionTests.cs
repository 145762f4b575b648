using Vexfs.Lab.Pipeline;

namespace Vexfs.Lab.Tests.Pipeline;

/// <summary>--test: which integration tests a pattern chooses, and the error when it chooses none.</summary>
public sealed class TestSelectionTests
{
    // The first lines of the real suite's `-list methods` output, banner and colour reset included.
    private static readonly string[] Listing =
    [
        "xUnit.net v3 In-Process Runner v3.2.2+728c1dce01 (64-bit .NET 10.0.12)",
        "",
        "Vexfs.Integration.Tests.BenchTests.Bench_reports_rates_and_latency_percentiles",
        "Vexfs.Integration.Tests.PersistenceTests.Persists_across_umount_mount_and_rmmod_insmod",
        "Vexfs.Integration.Tests.SearchTests.K_out_of_range_is_einval",
        "Vexfs.Integration.Tests.SearchTests.Search_matches_brute_force_reference_for_l2_and_dot",
        "\u001b[0m",
    ];

    private static IReadOnlyList<string> Methods => TestListing.Parse(Listing);

    [Fact]
    public void The_listing_keeps_only_method_names()
    {
        Assert.Equal(4, Methods.Count);
        Assert.All(Methods, m => Assert.StartsWith("Vexfs.Integration.Tests.", m, StringComparison.Ordinal));
    }

    [Fact]
    public void A_substring_chooses_every_test_containing_it_ignoring_case()
    {
        var chosen = new TestSelection(["searchtests"]).Choose(Methods);

        Assert.Equal(2, chosen.Chosen.Count);
        Assert.Equal(2, chosen.LeftOut.Count());
    }

    [Fact]
    public void A_wildcard_pattern_matches_the_whole_full_or_class_and_method_name()
    {
        Assert.Single(new TestSelection(["SearchTests.K_*"]).Choose(Methods).Chosen);
        Assert.Single(new TestSelection(["*.Bench*"]).Choose(Methods).Chosen);
        Assert.Equal(3, new TestSelection(["*Tests.Search*", "Persist"]).Choose(Methods).Chosen.Count);
    }

    [Fact]
    public void A_pattern_matching_nothing_is_an_error_that_lists_the_tests()
    {
        var error = Assert.Throws<LabException>(() => new TestSelection(["NoSuchTest"]).Choose(Methods));

        Assert.Contains("matches none of the 4 integration tests", error.Message, StringComparison.Ordinal);
        Assert.Contains("SearchTests.K_out_of_range_is_einval", error.Hint, StringComparison.Ordinal);
    }
}
