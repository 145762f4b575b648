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

# sshd: root by key only, no reverse DNS (user networking has no resolver worth waiting for),
# only the ed25519 host key the image builder pins.
mkdir -p /etc/ssh/sshd_config.d
cat >/etc/ssh/sshd_config.d/10-vexfs.conf <<'SSHD'
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
# No PAM: pam_systemd would start a logind session and a user@0 manager on the first login, which
# costs seconds under TCG (see docs/DESIGN-NOTES.md); key auth for root needs none of it.
UsePAM no
PrintMotd no
PrintLastLog no
HostKey /etc/ssh/ssh_host_ed25519_key
SSHD
rm -f /etc/ssh/ssh_host_rsa_key* /etc/ssh/ssh_host_ecdsa_key* /etc/ssh/ssh_host_dsa_key*
# sshd re-executes itself for every connection (fresh address space and state), an exec of a binary linked
# with libcrypto: 0.2 s of each connection under TCG, measured in a 6.1 guest (0.48 against 0.70 s to connect
# and run true, medians of 16). -r turns that off where sshd still has it: OpenSSH 9.8 split the per-connection
# part into sshd-session, and its sshd refuses -r.
if /usr/sbin/sshd -r -V >/dev/null 2>&1; then
	echo 'SSHD_OPTS=-r' >/etc/default/ssh
fi
install -d -m 0700 /root/.ssh
install -m 0600 "$keys" /root/.ssh/authorized_keys
systemctl enable ssh.service

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
