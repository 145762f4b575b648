using System.Security.Cryptography;
using System.Text;

namespace Vexfs.Lab.Machine;

/// <summary>
/// The machine "shape" a saved state belongs to: the QEMU version and the whole argument list of the run
/// (accelerator, CPU, memory, CPUs, devices, kernel command line, shares) with the per-run paths and the
/// port taken out, plus the vexfs disk size. A state only restores into the same shape, so a run with
/// other settings, or with a device added, cold-boots and saves its own.
/// </summary>
internal static class SavedStateShape
{
    private const string RunPlaceholder = "/run-directory";

    public static (string Key, string Description) Compute(QemuOptions options, string qemuVersion)
    {
        var image = options.Image with
        {
            Directory = "<entry>",
            RootDisk = "<entry>/root.qcow2",
            Kernel = "<entry>/vmlinuz",
            Initrd = "<entry>/initrd.img",
            PrivateKeyPath = "<entry>/id_ed25519",
        };
        var canonical = options with { Image = image, RunDirectory = RunPlaceholder, Restore = null, GdbPort = null };
        var arguments = QemuArguments.Build(canonical, new QemuRunFiles(RunPlaceholder), sshPort: 0);
        var text = new StringBuilder()
            .Append("qemu=").Append(qemuVersion).Append('\n')
            .Append("image=").Append(options.Image.Key).Append('\n')
            .Append("vexfs-disk=").Append(options.VexfsDiskBytes).Append('\n')
            .AppendJoin('\n', arguments)
            .ToString();
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        return (digest, text);
    }
}
