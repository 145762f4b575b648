#!/bin/sh
# Boots the fixture kernel with the fixture initramfs under TCG and captures the serial console.
# usage: boot.sh <workdir> <name> "<extra kernel cmdline>" [noinitrd]     (SMP=2 for two vCPUs)
set -eu
work=$1 name=$2 extra=$3
initrd="-initrd $work/initramfs.cpio.gz"
[ "${4:-}" = noinitrd ] && initrd=""
mkdir -p "$work/logs"
# shellcheck disable=SC2086
timeout 150 qemu-system-x86_64 -accel tcg -cpu max -smp "${SMP:-1}" -m 512 \
	-kernel "$work"/kimg/boot/vmlinuz-* $initrd \
	-append "console=ttyS0 panic=-1 $extra" -no-reboot -nographic -monitor none \
	-serial "file:$work/logs/$name.raw" >"$work/logs/$name.qemu.out" 2>&1
