#!/bin/sh
# vexfs-make: build the module in the guest from the host's vexfs-kernel/, which the kit shares
# read-only at /mnt/vexfs-host/src. Kbuild cannot write there, so the build runs in a tree of links to
# it (/root/vexfs, or $VEXFS_BUILD_DIR): an edit on the host is what the next make compiles, nothing
# is copied, and the objects of the last build stay, so make only redoes what changed.
#   vexfs-make                 refresh the links, then make W=1 VEXFS_WERROR=1 modules (the pipeline's flags)
#   vexfs-make ARGS...         refresh the links, then make ARGS (e.g. clean, or W=1 C=1 modules)
#   vexfs-make --link          only refresh the links
set -eu
src=${VEXFS_SHARED_SOURCES:-/mnt/vexfs-host/src}
out=${VEXFS_BUILD_DIR:-/root/vexfs}
case $out in /*) ;; *) out=$PWD/$out ;; esac
if [ ! -f "$src/Kbuild" ]; then
	echo "vexfs-make: $src has no Kbuild: the source share is not mounted (VmShell mounts it)" >&2
	exit 2
fi

# Links only to sources, so build products in the host's checkout never replace the guest's; a few
# processes per directory, not per file (every process start costs about 0.1 s in a TCG guest).
link_sources() {
	mkdir -p "$out"
	find -L "$out" -type l -delete # links to files deleted on the host
	cd "$src"
	for dir in $(find . -name '.?*' -prune -o -type d -print); do
		set --
		for f in "$dir"/Kbuild "$dir"/Makefile "$dir"/*.c "$dir"/*.h; do
			case $f in *.mod.c) continue ;; esac
			if [ -f "$f" ]; then
				set -- "$@" "$src/${f#./}"
			fi
		done
		if [ $# -gt 0 ]; then
			mkdir -p "$out/$dir"
			ln -sf -t "$out/$dir" "$@"
		fi
	done
	cd - >/dev/null
}

link_sources
if [ "${1:-}" = --link ]; then
	exit 0
fi

if [ $# -eq 0 ]; then
	set -- W=1 VEXFS_WERROR=1 modules
fi

exec make -C "/lib/modules/$(uname -r)/build" M="$out" "$@"
