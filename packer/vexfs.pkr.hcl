# VexFS guest image, Packer QEMU builder (HCL2).
#
# Valid for Debian bookworm's packer 1.6.6 (QEMU builder built in, no `packer init`, no
# required_plugins block) and for current Packer once the qemu plugin is installed: see README.md.
#
# The lab runs it as `--image-builder packer`: the source disk is a small base image made by the
# mmdebstrap builder (packer/scripts/base-packages.txt, already provisioned so root can log in by key),
# booted without a bootloader (-kernel/-initrd, root=/dev/vda is one ext4 filesystem). The provisioners
# install packer/scripts/packages.txt and run packer/scripts/provision.sh, the same script the
# mmdebstrap builder runs in its chroot, then hand the kernel and initrd back to the host.

packer {
  required_version = ">= 1.6.6"
}

variable "base_disk" {
  type        = string
  description = "Absolute path of the base qcow2 (one ext4 filesystem, no partition table)."
}

variable "kernel" {
  type        = string
  description = "Absolute path of the base image's vmlinuz."
}

variable "initrd" {
  type        = string
  description = "Absolute path of the base image's initrd.img."
}

variable "ssh_private_key" {
  type        = string
  description = "Private key whose public half is in the base image's /root/.ssh/authorized_keys."
}

variable "authorized_keys" {
  type        = string
  description = "Public key file provision.sh installs for root (the image's client key)."
}

variable "scripts_dir" {
  type        = string
  description = "Absolute path of packer/scripts."
}

variable "output_dir" {
  type        = string
  description = "Where Packer writes the provisioned disk (must not exist; the lab passes -force)."
}

variable "artifacts_dir" {
  type        = string
  description = "Existing host directory that receives vmlinuz, initrd.img, kernel-release and kernel-packages."
}

variable "ssh_port" {
  type        = number
  default     = 2222
  description = "Host port forwarded to the guest's SSH, bound to 127.0.0.1 only."
}

variable "memory" {
  type    = number
  default = 1024
}

variable "accelerator" {
  type        = string
  default     = "tcg"
  description = "tcg everywhere; kvm where /dev/kvm really works."
}

variable "cloud_image_url" {
  type        = string
  default     = ""
  description = "Alternative source: a Debian cloud qcow2 URL (genericcloud) for source.qemu.debian-cloud."
}

variable "cloud_image_checksum" {
  type        = string
  default     = "none"
  description = "Checksum of cloud_image_url, e.g. file:https://…/SHA512SUMS."
}

source "qemu" "vexfs" {
  iso_url           = "file://${var.base_disk}"
  iso_checksum      = "none"
  disk_image        = true
  skip_resize_disk  = true
  format            = "qcow2"
  vm_name           = "root.qcow2"
  output_directory  = var.output_dir
  accelerator       = var.accelerator
  machine_type      = "pc"
  memory            = var.memory
  cpus              = 2
  headless          = true
  disable_vnc       = true
  disk_interface    = "virtio"
  net_device        = "virtio-net"
  host_port_min     = var.ssh_port
  host_port_max     = var.ssh_port
  communicator      = "ssh"
  ssh_username      = "root"
  ssh_private_key_file = var.ssh_private_key
  ssh_timeout       = "15m"
  shutdown_command  = "shutdown -P now"
  shutdown_timeout  = "5m"
  qemuargs = [
    ["-cpu", "max"],
    ["-kernel", var.kernel],
    ["-initrd", var.initrd],
    ["-append", "root=/dev/vda rw console=ttyS0 net.ifnames=0"],
    ["-serial", "file:${var.output_dir}-console.log"],
    # Replaces Packer's own -netdev, whose hostfwd would listen on every interface.
    ["-netdev", "user,id=user.0,hostfwd=tcp:127.0.0.1:${var.ssh_port}-:22"],
    ["-device", "virtio-net-pci,netdev=user.0"],
    ["-device", "virtio-rng-pci"],
  ]
}

# Alternative source: start from a Debian cloud image instead of the mmdebstrap base (boots its own
# bootloader; the image must let root in with ssh_private_key, e.g. through a cloud-init seed).
source "qemu" "debian-cloud" {
  iso_url              = var.cloud_image_url
  iso_checksum         = var.cloud_image_checksum
  disk_image           = true
  format               = "qcow2"
  vm_name              = "root.qcow2"
  output_directory     = var.output_dir
  accelerator          = var.accelerator
  memory               = var.memory
  headless             = true
  disable_vnc          = true
  disk_interface       = "virtio"
  net_device           = "virtio-net"
  communicator         = "ssh"
  ssh_username         = "root"
  ssh_private_key_file = var.ssh_private_key
  ssh_timeout          = "15m"
  shutdown_command     = "shutdown -P now"
}

build {
  sources = ["source.qemu.vexfs", "source.qemu.debian-cloud"]

  # The file provisioner uploads into an existing directory only.
  provisioner "shell" {
    inline = ["rm -rf /tmp/vexfs-provision", "mkdir -p /tmp/vexfs-provision"]
  }

  provisioner "file" {
    source      = "${var.scripts_dir}/"
    destination = "/tmp/vexfs-provision/"
  }

  provisioner "file" {
    source      = var.authorized_keys
    destination = "/tmp/vexfs-provision/authorized_keys"
  }

  provisioner "shell" {
    inline = [
      "set -eu",
      "export DEBIAN_FRONTEND=noninteractive",
      "apt-get update",
      "test -s /tmp/vexfs-provision/packages.txt && test -s /tmp/vexfs-provision/provision.sh",
      "apt-get install -y --no-install-recommends $(sed 's/#.*//' /tmp/vexfs-provision/packages.txt)",
      "sh /tmp/vexfs-provision/provision.sh /tmp/vexfs-provision/authorized_keys",
      "mkdir -p /tmp/vexfs-out",
      "release=$(ls /lib/modules)",
      "test $(echo \"$release\" | wc -l) -eq 1",
      "echo \"$release\" > /tmp/vexfs-out/kernel-release",
      "cp /boot/vmlinuz-$release /tmp/vexfs-out/vmlinuz",
      "cp /boot/initrd.img-$release /tmp/vexfs-out/initrd.img",
      "dpkg-query -W -f '$${db:Status-Abbrev} $${Package} $${Version}\\n' 'linux-image*' 'linux-headers*' 'linux-kbuild*' | awk '$1 == \"ii\" { print $2, $3 }' > /tmp/vexfs-out/kernel-packages",
    ]
  }

  provisioner "file" {
    direction   = "download"
    source      = "/tmp/vexfs-out/vmlinuz"
    destination = "${var.artifacts_dir}/vmlinuz"
  }

  provisioner "file" {
    direction   = "download"
    source      = "/tmp/vexfs-out/initrd.img"
    destination = "${var.artifacts_dir}/initrd.img"
  }

  provisioner "file" {
    direction   = "download"
    source      = "/tmp/vexfs-out/kernel-release"
    destination = "${var.artifacts_dir}/kernel-release"
  }

  provisioner "file" {
    direction   = "download"
    source      = "/tmp/vexfs-out/kernel-packages"
    destination = "${var.artifacts_dir}/kernel-packages"
  }

  provisioner "shell" {
    inline = ["rm -rf /tmp/vexfs-provision /tmp/vexfs-out", "sync"]
  }
}
