using System.Globalization;
using Vexfs.Lab.Fuzz;

namespace Vexfs.Lab.Tests.Fuzz;

/// <summary>The mutators on a real vexctl mkfs image with files and directories: what they change, and that a seed replays.</summary>
public sealed class ImageMutatorTests
{
    [Theory]
    [InlineData(MutationKind.SuperblockField)]
    [InlineData(MutationKind.InodeField)]
    [InlineData(MutationKind.DirectoryEntry)]
    [InlineData(MutationKind.BlockPointer)]
    [InlineData(MutationKind.Bitmap)]
    [InlineData(MutationKind.VectorTable)]
    [InlineData(MutationKind.RandomBytes)]
    public async Task Each_kind_changes_the_image_and_the_same_seed_changes_it_the_same_way(MutationKind kind)
    {
        var original = await FuzzTestImages.PopulatedAsync(TestContext.Current.CancellationToken);
        var changed = 0;
        for (var seed = 0; seed < 20; seed++)
        {
            var a = new FuzzImage(original.Format, (byte[])original.Bytes.Clone());
            var b = new FuzzImage(original.Format, (byte[])original.Bytes.Clone());
            var ma = ImageMutators.Apply(new Random(seed), a, kind);
            var mb = ImageMutators.Apply(new Random(seed), b, kind);

            Assert.Equal(ma, mb);
            Assert.Equal(a.Bytes, b.Bytes);
            Assert.False(string.IsNullOrWhiteSpace(ma.Description));
            changed += a.Bytes.AsSpan().SequenceEqual(original.Bytes) ? 0 : 1;
        }

        // A mutation may write the value a field already had (a bit flip twice, a link count set to what it was).
        Assert.True(changed >= 15, $"{kind}: only {changed} of 20 mutations changed the image");
    }

    [Theory]
    [InlineData("s_inode_count", 0UL)]
    [InlineData("s_inode_table_start", 0xFFFFFFFFUL)]
    [InlineData("s_vector_table_start", 0xFFFFFFFFUL)]
    [InlineData("s_data_start", 0UL)]
    public async Task After_a_superblock_mutation_that_breaks_the_layout_every_kind_still_makes_a_case(string field, ulong value)
    {
        // Seed 1 of FuzzImages hit this: s_inode_count 0, then an inode mutation of the same case.
        var original = await FuzzTestImages.PopulatedAsync(TestContext.Current.CancellationToken);
        foreach (var kind in Enum.GetValues<MutationKind>())
        {
            for (var seed = 0; seed < 10; seed++)
            {
                var image = new FuzzImage(original.Format, (byte[])original.Bytes.Clone());
                image.Write(0, image.Format.SuperBlock[field], value);

                var mutation = ImageMutators.Apply(new Random(seed), image, kind);

                Assert.False(string.IsNullOrWhiteSpace(mutation.Description));
                Assert.Equal(original.Bytes.Length, image.Bytes.Length);
            }
        }
    }

    [Fact]
    public async Task A_huge_directory_size_is_a_whole_number_of_blocks_below_2_pow_44()
    {
        var image = await FuzzTestImages.PopulatedAsync(TestContext.Current.CancellationToken);
        var sizes = Enumerable.Range(0, 200).Select(s => InterestingValues.Size(new Random(s), directory: true, 4096, image.BlockSize)).ToList();
        var huge = sizes.Where(v => v >= 1UL << 40 && v < 1UL << 63).ToList();

        Assert.NotEmpty(huge);
        Assert.All(huge, v => Assert.True(v % 4096 == 0 && v >> 12 < 1UL << 32, $"{v}: the module counts directory blocks in 32 bits"));
    }

    [Fact]
    public async Task A_duplicated_entry_names_a_file_twice_while_its_link_count_stays()
    {
        var original = await FuzzTestImages.PopulatedAsync(TestContext.Current.CancellationToken);
        for (var seed = 0; seed < 200; seed++)
        {
            var image = new FuzzImage(original.Format, (byte[])original.Bytes.Clone());
            var m = ImageMutators.Apply(new Random(seed), image, MutationKind.DirectoryEntry);
            if (!m.Description.Contains("a second entry", StringComparison.Ordinal))
            {
                continue;
            }

            var names = image.UsedInodes().Where(image.IsDirectory).SelectMany(image.Slots).Where(s => s.Ino != 0).GroupBy(s => s.Ino);
            var twice = names.First(g => g.Count() > (int)image.InodeField(g.Key, "i_links_count"));
            Assert.True(image.IsRegular(twice.Key), m.Description);
            return;
        }

        Assert.Fail("200 directory-entry mutations made no duplicate entry");
    }

    [Fact]
    public async Task A_case_is_the_same_for_its_seed_and_number_and_the_base_image_is_untouched()
    {
        var image = await FuzzTestImages.PopulatedAsync(TestContext.Current.CancellationToken);
        var before = (byte[])image.Bytes.Clone();
        var generator = new FuzzCaseGenerator(image.Format, [new BaseImage("test", image.Bytes)], 7);

        var a = generator.Make(3);
        var b = generator.Make(3);
        var c = generator.Make(4);

        Assert.Equal("s7-c00003", a.Id);
        Assert.Equal(a.Image, b.Image);
        Assert.Equal(a.Mutations, b.Mutations);
        Assert.NotEqual(a.Image, c.Image);
        Assert.Equal(before, image.Bytes);
        Assert.InRange(a.Mutations.Count, 1, 3);
    }

    /// <summary>The fuzzer must be able to find what it is meant to: both damages occur among the first 300 cases of a seed.</summary>
    [Fact]
    public async Task The_first_300_cases_of_seed_1_include_a_huge_directory_size_and_a_second_name_for_a_file()
    {
        var image = await FuzzTestImages.PopulatedAsync(TestContext.Current.CancellationToken);
        var generator = new FuzzCaseGenerator(image.Format, [new BaseImage("test", image.Bytes)], 1);
        var mutations = Enumerable.Range(0, 300).SelectMany(i => generator.Make(i).Mutations).ToList();

        Assert.Contains(mutations, m => m.Kind == MutationKind.InodeField && m.Description.Contains("(dir) i_size", StringComparison.Ordinal)
            && ulong.Parse(m.Description[(m.Description.LastIndexOf("-> ", StringComparison.Ordinal) + 3)..], CultureInfo.InvariantCulture) >= 1UL << 40);
        Assert.Contains(mutations, m => m.Kind == MutationKind.DirectoryEntry && m.Description.Contains("a second entry", StringComparison.Ordinal));
        Assert.True(mutations.Select(m => m.Kind).Distinct().Count() == Enum.GetValues<MutationKind>().Length, "every kind of mutation occurs");
    }
}
