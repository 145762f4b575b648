cmd_/build/vexfs/vexfs.o := ld -m elf_x86_64 -z noexecstack --no-warn-rwx-segments   -r -o /build/vexfs/vexfs.o @/build/vexfs/vexfs.mod 
