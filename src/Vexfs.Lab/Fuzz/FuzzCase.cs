using System.Globalization;

namespace Vexfs.Lab.Fuzz;

/// <summary>One fuzz case: a mutated copy of a base image and what was done to it.</summary>
public sealed record FuzzCase(string Id, int Index, string BaseName, byte[] Image, IReadOnlyList<Mutation> Mutations);

/// <summary>A populated image the cases start from (made by vexctl mkfs and the populate script in a guest).</summary>
public sealed record BaseImage(string Name, byte[] Bytes);

/// <summary>
/// Makes case <c>i</c> of seed <c>S</c> the same every time: its own <see cref="Random"/> from (S, i), so one
/// case can be replayed without the ones before it.
/// </summary>
public sealed class FuzzCaseGenerator(OnDiskFormat format, IReadOnlyList<BaseImage> bases, int seed)
{
    public int Seed { get; } = seed;

    public FuzzCase Make(int index)
    {
        var rng = new Random(unchecked((Seed * 1_000_003) + index));
        var source = bases[rng.Next(bases.Count)];
        var image = new FuzzImage(format, (byte[])source.Bytes.Clone());
        var count = rng.Next(10) switch { < 6 => 1, < 9 => 2, _ => 3 };
        var mutations = new List<Mutation>();
        for (var i = 0; i < count; i++)
        {
            mutations.Add(ImageMutators.Apply(rng, image));
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"s{Seed}-c{index:D5}");
        return new FuzzCase(id, index, source.Name, image.Bytes, mutations);
    }
}
