#!/bin/sh
# Provision a VexFS guest root. Runs as root inside the guest's root filesystem: in the mmdebstrap
# chroot (offline, systemd not running) or in the booted Packer VM. Idempotent.
# Usage: provision.sh <authorized_keys file>
# Env: VEXFS_SERIAL_GETTY=1 keeps a login prompt on ttyS0 (off by default: the loop uses SSH only).
set -eu

keys="${1:?usage: provision.sh <authorized_keys file>}"
if [ ! -s "$keys" ]; then
	echo "provision.sh: authorized_keys file '$keys' is missing or empty" >&2
	exit 2
fi

echo vexfs-guest >/etc/hostname
cat >/etc/hosts <<'HOSTS'
127.0.0.1	localhost
127.0.1.1	vexfs-guest
HOSTS

# The root disk is one ext4 filesystem without a partition table, mounted by the kernel
# (root=/dev/vda rw); fsck pass 0 because a throwaway overlay is never worth a boot-time check.
cat >/etc/fstab <<'FSTAB'
/dev/vda	/	ext4	rw,noatime	0	0
FSTAB

# Networking: QEMU user networking hands out DHCP on eth0 (kernel cmdline net.ifnames=0).
mkdir -p /etc/systemd/network
cat >/etc/systemd/network/20-eth0.network <<'NET'
[Match]
Name=eth0

[Network]
DHCP=ipv4
LinkLocalAddressing=no
IPv6AcceptRA=no
NET
systemctl enable systemd-networkd.service
# Nothing in the loop waits for "online"; the host polls SSH instead.
systemctl mask systemd-networkd-wait-online.service

# The guest's SSH server is dropbear (measured in a restored 6.1 guest under TCG: the first connection 0.35 s
# against OpenSSH's 0.45-0.51 s, its first exec channel 0.09-0.10 s against 0.20-0.23 s; warm, 0.08 against
# 0.15-0.20 s): one process per connection where OpenSSH forks a privilege-separated child, and on trixie and sid
# execs sshd-session and sshd-auth too, binaries TCG translates again. Root logs in by key only (-s: no password
# logins); the host key is the one the image builder pins, converted from OpenSSH's format at the first start
# (the builders copy it in after provisioning). -W: a 1 MiB window, not 24 KiB, for uploads. OpenSSH stays
# installed for its sftp-server (the sftp subsystem dropbear runs) and the Packer builder's first boot, and
# keeps a safe configuration should someone start it.
mkdir -p /etc/ssh/sshd_config.d /etc/dropbear
cat >/etc/ssh/sshd_config.d/10-vexfs.conf <<'SSHD'
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
UsePAM no
PrintMotd no
PrintLastLog no
HostKey /etc/ssh/ssh_host_ed25519_key
SSHD
rm -f /etc/ssh/ssh_host_rsa_key* /etc/ssh/ssh_host_ecdsa_key* /etc/ssh/ssh_host_dsa_key*
cat >/etc/systemd/system/vexfs-ssh.service <<'UNIT'
[Unit]
Description=SSH server of the VexFS guest (dropbear)
After=network.target

[Service]
ExecStartPre=/bin/sh -c '[ /etc/dropbear/host_ed25519 -nt /etc/ssh/ssh_host_ed25519_key ] || dropbearconvert openssh dropbear /etc/ssh/ssh_host_ed25519_key /etc/dropbear/host_ed25519'
ExecStart=/usr/sbin/dropbear -F -E -s -p 22 -r /etc/dropbear/host_ed25519 -W 1048576
Restart=on-failure

[Install]
WantedBy=multi-user.target
UNIT
install -d -m 0700 /root/.ssh
install -m 0600 "$keys" /root/.ssh/authorized_keys
# Where dropbear is not installed (the Packer builder's base disk, provisioned before its packages), sshd stays:
# Packer 1.6's SSH client makes dropbear 2022.83 abort (it asks for an RSA host key the server lacks).
if [ -x /usr/sbin/dropbear ]; then
	systemctl mask ssh.service ssh.socket
	systemctl enable vexfs-ssh.service
else
	systemctl enable ssh.service
fi

# Units the test loop never needs and that cost boot time or disturb measurements.
# Timers would fire at arbitrary points after a saved state is restored; the clock is set by the host.
for unit in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service \
	fstrim.timer getty@tty1.service getty-static.service systemd-timesyncd.service \
	dpkg-db-backup.timer logrotate.timer man-db.timer systemd-tmpfiles-clean.timer \
	systemd-logind.service user@0.service user-runtime-dir@0.service \
	systemd-update-utmp.service systemd-update-utmp-runlevel.service; do
	systemctl mask "$unit"
done
if [ "${VEXFS_SERIAL_GETTY:-0}" != 1 ]; then
	systemctl mask serial-getty@ttyS0.service
fi

# udev watches block devices with inotify: each close of the test disk or a loop device after a write (every
# mkfs and image poke of the suite) made it probe the device again and systemd follow, 2.9 s of the guest's CPU
# in one suite run. Those devices are the kit's; nothing in the guest waits on their udev state.
mkdir -p /etc/udev/rules.d
cat >/etc/udev/rules.d/90-vexfs-nowatch.rules <<'UDEV'
ACTION!="remove", SUBSYSTEM=="block", KERNEL=="vd[b-z]|loop[0-9]*", OPTIONS+="nowatch"
UDEV

# The journal in memory only: no flush to disk at boot, nothing written during a run.
mkdir -p /etc/systemd/journald.conf.d
cat >/etc/systemd/journald.conf.d/10-vexfs.conf <<'JOURNAL'
[Journal]
Storage=volatile
JOURNAL

# Keep the image small: package lists and caches are rebuilt by apt when needed.
apt-get clean
rm -rf /var/lib/apt/lists/* /var/log/apt/*
