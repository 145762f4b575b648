namespace Vexctl.Vectors;

/// <summary>One entry of a `vec import` input: the file, its vector, and the input line it came from.</summary>
internal sealed record ImportLine(int LineNumber, string Path, sbyte[] Vector);
