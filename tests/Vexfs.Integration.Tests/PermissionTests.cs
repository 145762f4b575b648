namespace Vexfs.Integration.Tests;

/// <summary>
/// Search and the vector ioctls as an unprivileged user (nobody): search gives the top k of the
/// files the caller may read through directories it may search, so no query reveals a 0600 file's vector or
/// an inode inside a 0700 directory; root sees everything; GET needs a readable descriptor, SET a writable one.
/// </summary>
[Collection(GuestGroup2.Name)]
public sealed class PermissionTests(GuestFixture guest)
{
    // setpriv sets the ids and execs; runuser opens a PAM session first (these calls took 95-194 ms against
    // 131-254 ms with runuser), and nobody needs no useradd (322 ms). No test file is nobody's: its rights are "other"'s.
    private static string AsUser(string command) => $"setpriv --reuid=nobody --regid=nogroup --clear-groups -- {command}";

    [Fact]
    public async Task Unprivileged_search_sees_only_readable_files_reachable_through_searchable_directories()
    {
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        script.FormatAndMount(fs);
        script.Ok($"cd {fs.Path} && mkdir -m 0755 pub && mkdir -m 0700 secret && touch pub/open pub/private secret/inside && chmod 0644 pub/open secret/inside && chmod 0600 pub/private");
        script.Ok(Vexctl.ImportCommand([
            ($"{fs.Path}/pub/open", [1, 0, 0, 0]),
            ($"{fs.Path}/pub/private", [0, 1, 0, 0]),
            ($"{fs.Path}/secret/inside", [0, 0, 1, 0]),
        ]));
        var inodes = script.Ok($"stat -c %i {fs.Path}/pub/open {fs.Path}/pub/private {fs.Path}/secret/inside");
        var rootHits = script.Ok(Vexctl.SearchCommand(fs.Path, [0, 0, 1, 0], k: 10, metric: "dot"));

        // One unit query per element with the dot metric is the attack of issue 15: each gives back one
        // coordinate of every vector. As the user, every answer may name only pub/open.
        int[][] units = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
        var userHits = units.Select(q => script.Ok(AsUser(Vexctl.SearchCommand($"{fs.Path}/pub", q, k: 10, metric: "dot")))).ToList();
        var userGetPrivate = script.Fails(AsUser($"{Vexctl.Program} vec get {fs.Path}/pub/private"));
        var userSetOpen = script.Fails(AsUser(Vexctl.SetCommand($"{fs.Path}/pub/open", [9, 9, 9, 9])));

        // Opening secret up makes its file visible to the same user at once.
        script.Ok($"chmod 0755 {fs.Path}/secret");
        var userAfterChmod = script.Ok(AsUser(Vexctl.SearchCommand(fs.Path, [0, 0, 1, 0], k: 1, metric: "dot")));
        await guest.RunAsync(script);

        var ino = inodes.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ulong.Parse).ToArray();
        Assert.Equal(ino.Order(), Vexctl.ParseHits(rootHits.Stdout).Select(h => h.Ino).Order());
        foreach (var hits in userHits)
        {
            Assert.Equal([ino[0]], Vexctl.ParseHits(hits.Stdout).Select(h => h.Ino));
        }

        Assert.Contains("EACCES", userGetPrivate.Stderr, StringComparison.Ordinal);
        Assert.Contains("EACCES", userSetOpen.Stderr, StringComparison.Ordinal);
        Assert.Equal([new SearchHit(ino[2], -1)], Vexctl.ParseHits(userAfterChmod.Stdout));
    }

    [Fact]
    public async Task Top_k_is_of_the_readable_set_not_a_filtered_top_k()
    {
        // 20 unreadable files lie nearer the query than the 3 readable ones: k = 3 must still give all 3.
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        script.FormatAndMount(fs);
        var near = Enumerable.Range(0, 20).Select(i => ($"{fs.Path}/near-{i}", new[] { 1, 1, 1, i % 3 })).ToList();
        var far = Enumerable.Range(0, 3).Select(i => ($"{fs.Path}/far-{i}", new[] { 50 + i, 50, 50, 50 })).ToList();
        script.Ok($"cd {fs.Path} && touch {string.Join(' ', near.Concat(far).Select(e => e.Item1))} && chmod 0600 near-* && chmod 0644 far-*");
        script.Ok(Vexctl.ImportCommand(near.Concat(far)));
        var farInodes = script.Ok($"stat -c %i {string.Join(' ', far.Select(e => e.Item1))}");
        var hits = script.Ok(AsUser(Vexctl.SearchCommand(fs.Path, [1, 1, 1, 1], k: 3, metric: "l2")));
        await guest.RunAsync(script);

        var expected = farInodes.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ulong.Parse);
        Assert.Equal(expected, Vexctl.ParseHits(hits.Stdout).Select(h => h.Ino));
    }

    [Fact]
    public async Task Get_needs_a_readable_descriptor_and_set_a_writable_one()
    {
        var fs = guest.Vexfs(dim: 4);
        var script = new GuestScript();
        script.Ok(GuestProbe.InstallCommand);
        script.FormatAndMount(fs);
        script.Ok($"touch {fs.Path}/f");
        script.Ok(Vexctl.SetCommand($"{fs.Path}/f", [1, 2, 3, 4]));
        var getWriteOnly = script.Fails(GuestProbe.Run($"getwo {fs.Path}/f 4"));
        var setReadOnly = script.Fails(GuestProbe.Run($"setro {fs.Path}/f 4"));
        var unchanged = script.Ok(Vexctl.GetCommand($"{fs.Path}/f"));
        await guest.RunAsync(script);

        Assert.Equal("ioctl: EBADF", getWriteOnly.Stdout.Trim());
        Assert.Equal("ioctl: EBADF", setReadOnly.Stdout.Trim());
        Assert.Equal([1, 2, 3, 4], Vexctl.ParseVector(unchanged.Stdout));
    }
}
