#!/bin/sh
# Builds a kit kernel inside its build root (a chroot of the suite's own gcc and linux-source-X.Y).
# Usage: build-kernel.sh SOURCE_TARBALL OUT_DIR JOBS FRAGMENT...
# The fragments are merged over x86_64 defconfig + kvm_guest.config in order; every symbol a
# fragment sets must end up with that value after olddefconfig, else exit 3 naming it.
set -eu
tarball=$1 out=$2 jobs=$3
shift 3
src=/build/src
if [ ! -f "$src/Makefile" ]; then
	mkdir -p "$src.part"
	tar -xf "$tarball" -C "$src.part" --strip-components=1
	mv "$src.part" "$src"
fi
mkdir -p "$out"
cd "$src"
make -s O="$out" x86_64_defconfig
make -s O="$out" kvm_guest.config
# From the output dir: merge_config.sh makes its temp files in the working directory, and a developer's
# tree (--kernel-tree) is mounted read-only.
(cd "$out" && KCONFIG_CONFIG="$out/.config" "$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$@" >/dev/null)
make -s O="$out" olddefconfig
bad=0
for fragment in "$@"; do
	grep -E '^CONFIG_[A-Za-z0-9_]+=' "$fragment" | while IFS= read -r line; do
		sym=${line%%=*} val=${line#*=}
		if [ "$val" = n ]; then
			grep -qx "# $sym is not set" "$out/.config" || ! grep -q "^$sym=" "$out/.config" || {
				echo "kernel-config: $sym from $(basename "$fragment"): wanted n, got $(grep "^$sym=" "$out/.config")"
				exit 3
			}
		elif ! grep -qx "$line" "$out/.config"; then
			got=$(grep -E "^$sym=|^# $sym is not set" "$out/.config" || echo "absent: unknown symbol, or its dependencies are not met")
			echo "kernel-config: $sym from $(basename "$fragment"): wanted $val, got $got"
			exit 3
		fi
	done || bad=1
done
[ "$bad" = 0 ] || exit 3
echo "kernel-config: ok ($(grep -c '=' "$out/.config") symbols set)"
make O="$out" -j"$jobs" bzImage modules
make -s O="$out" kernelrelease > "$out/kernel.release"
echo "kernel-build: done $(cat "$out/kernel.release")"
