namespace Vexfs.Lab.Images;

/// <summary>One apt source entry (a one-line "deb" entry or one URI of a deb822 paragraph).</summary>
internal sealed record AptSource(string Uri, IReadOnlyList<string> Suites, string File);
