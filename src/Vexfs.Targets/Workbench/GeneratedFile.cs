namespace Vexfs.Targets.Workbench;

/// <summary>A file made from the build model: its path relative to the repository root and its whole text.</summary>
public sealed record GeneratedFile(string RelativePath, string Content);
