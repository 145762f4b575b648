namespace Vexfs.Lab.Images;

/// <summary>Which tool makes guest images. Both run the same packer/scripts provisioning.</summary>
public enum ImageBuilderKind
{
    Mmdebstrap,
    Packer,
}
