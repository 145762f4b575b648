using Vexfs.Lab.Machine;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests;

/// <summary>The saved RAM's own file; the real memfd of a real QEMU is SavedStateTests' (Vm).</summary>
public sealed class GuestRamImageTests
{
    private const int MiB = 1 << 20;

    [Fact]
    public async Task Only_non_zero_pages_are_kept_and_they_load_back_in_place()
    {
        using var temp = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var ram = new byte[10 * MiB];
        var random = new Random(7);
        random.NextBytes(ram.AsSpan(0, 4096)); // the first page
        random.NextBytes(ram.AsSpan((4 * MiB) - 8192, 3 * 4096)); // a run across the 4 MiB read boundary
        ram[(7 * MiB) + 100] = 1; // one byte makes its page kept
        random.NextBytes(ram.AsSpan(ram.Length - 4096)); // the last page
        await File.WriteAllBytesAsync(temp.Combine("ram"), ram, ct);

        var length = await GuestRamImage.SaveAsync(temp.Combine("ram"), temp.Combine(GuestRamImage.FileName), ct);
        await using (var target = new FileStream(temp.Combine("fresh"), FileMode.CreateNew))
        {
            target.SetLength(ram.Length);
        }

        await GuestRamImage.LoadAsync(temp.Combine(GuestRamImage.FileName), temp.Combine("fresh"), ct);

        Assert.Equal(ram, await File.ReadAllBytesAsync(temp.Combine("fresh"), ct));
        // 6 pages of data; 4 runs of 16 bytes (the one across the boundary is one run); a 32-byte trailer.
        Assert.Equal((6 * 4096) + (4 * 16) + 32, length);
    }

    [Fact]
    public async Task A_ram_image_of_another_size_a_bad_trailer_or_a_short_file_is_refused()
    {
        using var temp = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var ram = new byte[2 * MiB];
        ram[5000] = 9;
        await File.WriteAllBytesAsync(temp.Combine("ram"), ram, ct);
        var image = temp.Combine(GuestRamImage.FileName);
        await GuestRamImage.SaveAsync(temp.Combine("ram"), image, ct);
        var good = await File.ReadAllBytesAsync(image, ct);
        await File.WriteAllBytesAsync(temp.Combine("bigger"), new byte[4 * MiB], ct);
        Assert.Contains("the guest has 4 MiB", (await Assert.ThrowsAsync<LabException>(() => GuestRamImage.LoadAsync(image, temp.Combine("bigger"), ct))).Message, StringComparison.Ordinal);

        var badMagic = good.ToArray();
        badMagic[^1] ^= 0xff;
        await File.WriteAllBytesAsync(image, badMagic, ct);
        Assert.Contains("magic", (await Assert.ThrowsAsync<LabException>(() => GuestRamImage.LoadAsync(image, temp.Combine("ram"), ct))).Message, StringComparison.Ordinal);

        // A page cut out of the data: the table no longer fits the file.
        await File.WriteAllBytesAsync(image, [.. good.AsSpan(4096)], ct);
        Assert.Contains("does not fit", (await Assert.ThrowsAsync<LabException>(() => GuestRamImage.LoadAsync(image, temp.Combine("ram"), ct))).Message, StringComparison.Ordinal);

        await File.WriteAllBytesAsync(image, good.AsSpan(0, 10).ToArray(), ct);
        Assert.Contains("too short", (await Assert.ThrowsAsync<LabException>(() => GuestRamImage.LoadAsync(image, temp.Combine("ram"), ct))).Message, StringComparison.Ordinal);
    }
}
