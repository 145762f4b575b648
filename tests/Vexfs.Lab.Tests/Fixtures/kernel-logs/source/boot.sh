#!/bin/sh
# usage: boot.sh <name> <extra cmdline> [noinitrd]
name=$1; extra=$2
K=/work/scratch/reports/kimg/boot/vmlinuz-6.1.0-56-cloud-amd64
mkdir -p /work/scratch/reports/logs
if [ "$3" = noinitrd ]; then INITRD=""; else INITRD="-initrd /work/scratch/reports/initramfs.cpio.gz"; fi
timeout 150 qemu-system-x86_64 -accel tcg -cpu max -smp ${SMP:-1} -m 512 -kernel $K $INITRD \
  -append "console=ttyS0 panic=-1 $extra" -no-reboot -nographic -monitor none \
  -serial file:/work/scratch/reports/logs/$name.raw > /work/scratch/reports/logs/$name.qemu.out 2>&1
echo "$name rc=$?"
