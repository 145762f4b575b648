using Vexfs.Lab.Kernel;

namespace Vexfs.Lab.Images;

/// <summary>File names inside one image cache entry (the same for every builder).</summary>
internal static class ImageLayout
{
    /// <summary>Bumped whenever the layout or the way images are made changes; part of the cache key.</summary>
    public const int FormatVersion = 1;

    public const string RootDisk = "root.qcow2";
    public const string Kernel = ProvidedKernel.KernelFile;
    public const string Initrd = ProvidedKernel.InitrdFile;
    public const string PrivateKey = "id_ed25519";
    public const string PublicKey = "id_ed25519.pub";
    public const string HostPublicKey = "ssh_host_ed25519_key.pub";
    public const string Manifest = "manifest.json";

    /// <summary>Where a build keeps the guest's private host key; it goes into the image, never into the entry.</summary>
    public const string HostKeyDirectory = "hostkey";

    /// <summary>The guest root filesystem image size (sparse; the guest builds modules in it).</summary>
    public const long RootFilesystemBytes = 4L << 30;

    public static readonly string[] EntryFiles = [RootDisk, Kernel, Initrd, PrivateKey, PublicKey, HostPublicKey];
}
