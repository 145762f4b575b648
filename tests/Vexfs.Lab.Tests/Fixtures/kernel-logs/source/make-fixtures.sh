#!/bin/sh
# Regenerates the kernel-log fixtures from scratch (Debian host, root, network to the Debian archive).
# usage: make-fixtures.sh <workdir> <fixture-dir>
set -eu
work=$(realpath -m "$1") out=$(realpath -m "$2") src=$(dirname "$(realpath "$0")")
abi=6.1.0-56-cloud-amd64
mkdir -p "$work/debs" "$out"
cd "$work/debs"
apt-get download "linux-image-$abi" busybox-static
rm -rf "$work/kimg" "$work/bb" && mkdir -p "$work/kimg" "$work/bb"
dpkg-deb -x linux-image-"$abi"_*.deb "$work/kimg"
dpkg-deb -x busybox-static_*.deb "$work/bb"

# Build the module in a bookworm chroot with the matching headers.
[ -d "$work/chroot/usr/src/linux-headers-$abi" ] ||
	mmdebstrap --variant=apt --include="gcc,make,libc6-dev,linux-headers-$abi" bookworm "$work/chroot" \
		"deb http://deb.debian.org/debian bookworm main" \
		"deb http://deb.debian.org/debian-security bookworm-security main"
mkdir -p "$work/chroot/build/faultmod"
cp "$src/faultmod.c" "$src/Kbuild" "$work/chroot/build/faultmod/"
chroot "$work/chroot" make -C "/usr/src/linux-headers-$abi" M=/build/faultmod modules

# initramfs: static busybox, the init script, the module.
rm -rf "$work/initramfs" && mkdir -p "$work/initramfs/bin" "$work/initramfs/proc" "$work/initramfs/sys" "$work/initramfs/dev"
cp "$work/bb/bin/busybox" "$work/initramfs/bin/"
cp "$src/init" "$work/chroot/build/faultmod/faultmod.ko" "$work/initramfs/"
chmod +x "$work/initramfs/init"
(cd "$work/initramfs" && find . | "$work/bb/bin/busybox" cpio -o -H newc | gzip -1 >"$work/initramfs.cpio.gz")

boot() { "$src/boot.sh" "$work" "$@"; }
boot panic "root=/dev/vda" noinitrd
for m in clean warn null gpf bug; do boot "$m" "faultmode=$m"; done
boot hang "faultmode=hang sysctl.kernel.hung_task_timeout_secs=5"
boot lockup "faultmode=lockup watchdog_thresh=3 rcupdate.rcu_cpu_stall_timeout=5"
SMP=2 boot rcustall "faultmode=lockup watchdog_thresh=3 rcupdate.rcu_cpu_stall_timeout=5"

# Console = the raw serial capture without the dmesg dump; dmesg = the dump, as it arrives over SSH.
cp "$work/logs/panic.raw" "$out/panic.console.log"
for n in clean warn null gpf bug hang lockup rcustall; do
	awk '/===DMESG-BEGIN===/{skip=1; next} /===DMESG-END===/{skip=0; next} !skip' "$work/logs/$n.raw" >"$out/$n.console.log"
	awk '/===DMESG-END===/{p=0} p; /===DMESG-BEGIN===/{p=1}' "$work/logs/$n.raw" | tr -d '\r' >"$out/$n.dmesg.log"
done
