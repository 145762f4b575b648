using Vexfs.Lab.Images;
using Vexfs.Lab.Tests.Support;

namespace Vexfs.Lab.Tests;

public sealed class DebianMirrorTests
{
    [Fact]
    public void Host_deb822_sources_give_the_archive_not_the_security_one()
    {
        using var apt = new TempDirectory();
        Directory.CreateDirectory(apt.Combine("sources.list.d"));
        File.Copy(Fixture.PathOf("apt", "host-debian.sources"), apt.Combine("sources.list.d", "debian.sources"));

        Assert.Equal("http://deb.debian.org/debian", DebianMirror.FromHost(apt.Path));
    }

    [Fact]
    public void One_line_sources_skip_security_deb_src_and_options()
    {
        var sources = AptSourcesParser.ParseOneLine(Fixture.Read("apt", "one-line.list"), "one-line.list");

        Assert.Equal("http://mirror.example.internal/debian", DebianMirror.FirstDebianArchive(sources));
    }

    [Fact]
    public void Third_party_repositories_are_not_taken_for_a_Debian_mirror()
    {
        using var apt = new TempDirectory();
        Directory.CreateDirectory(apt.Combine("sources.list.d"));
        File.Copy(Fixture.PathOf("apt", "nodesource.sources"), apt.Combine("sources.list.d", "nodesource.sources"));
        File.Copy(Fixture.PathOf("apt", "google-cloud-sdk.list"), apt.Combine("sources.list.d", "google-cloud-sdk.list"));

        Assert.Null(DebianMirror.FromHost(apt.Path));
        var error = Assert.Throws<LabException>(() => DebianMirror.Resolve(null, apt.Path));
        Assert.Contains("--mirror", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Sources_list_comes_before_sources_list_d()
    {
        using var apt = new TempDirectory();
        Directory.CreateDirectory(apt.Combine("sources.list.d"));
        File.Copy(Fixture.PathOf("apt", "one-line.list"), apt.Combine("sources.list"));
        File.Copy(Fixture.PathOf("apt", "host-debian.sources"), apt.Combine("sources.list.d", "debian.sources"));

        Assert.Equal("http://mirror.example.internal/debian", DebianMirror.FromHost(apt.Path));
    }

    [Fact]
    public void Disabled_deb822_paragraphs_are_skipped()
    {
        const string text = "Types: deb\nURIs: http://off.example/debian\nSuites: bookworm\nEnabled: no\n\nTypes: deb deb-src\nURIs: http://on.example/debian\nSuites: trixie\n";

        Assert.Equal("http://on.example/debian", DebianMirror.FirstDebianArchive(AptSourcesParser.ParseDeb822(text, "x.sources")));
    }

    [Fact]
    public void An_explicit_mirror_wins_and_is_validated()
    {
        Assert.Equal("http://local.mirror/debian", DebianMirror.Resolve("http://local.mirror/debian/", "/nonexistent"));
        Assert.Equal("file:///srv/mirror/debian", DebianMirror.Resolve("file:///srv/mirror/debian", "/nonexistent"));
        Assert.Throws<LabException>(() => DebianMirror.Resolve("deb.debian.org/debian", "/nonexistent"));
    }
}
