/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * VexFS user-space ABI and on-disk format.
 *
 * This header is the single definition of the ioctl numbers, the ioctl
 * structures and the on-disk structures. The module includes it, vexctl
 * mirrors it, and a host test compares both layouts field by field.
 * All on-disk integers are little-endian.
 */
#ifndef _UAPI_LINUX_VEXFS_H
#define _UAPI_LINUX_VEXFS_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define VEXFS_MAGIC		0x56455846	/* "VEXF" */
#define VEXFS_FORMAT_VERSION	2
#define VEXFS_ABI_VERSION	1
#define VEXFS_BLOCK_SIZE	4096
#define VEXFS_MAX_DIM		4096
#define VEXFS_MAX_K		1024
#define VEXFS_NAME_LEN		250
#define VEXFS_ROOT_INO		1
#define VEXFS_CONTROL_DEVICE	"/dev/vexfs"

/* Vector element types. */
#define VEXFS_ELEM_INT8		1

/* Search metrics: results are ordered by ascending distance. */
#define VEXFS_METRIC_L2		0	/* squared Euclidean distance */
#define VEXFS_METRIC_DOT	1	/* distance = -(dot product) */

/* ---- On-disk format ---------------------------------------------------- */

/*
 * Layout, in blocks of VEXFS_BLOCK_SIZE:
 *   0                       superblock
 *   inode_bitmap_start      one bit per inode (bit 0 = inode 0, reserved)
 *   block_bitmap_start      one bit per block of the device
 *   inode_table_start       struct vexfs_inode[inode_count]
 *   vector_table_start      vector_dim bytes per inode, slot i at i * dim
 *   data_start ...          data, directory and indirect blocks
 */
struct vexfs_super_block {
	__le32 s_magic;
	__le32 s_format_version;
	__le32 s_block_size;
	__le32 s_vector_dim;
	__le32 s_vector_elem;
	__le32 s_flags;
	__le64 s_block_count;
	__le32 s_inode_count;
	__le32 s_inode_bitmap_start;
	__le32 s_inode_bitmap_blocks;
	__le32 s_block_bitmap_start;
	__le32 s_block_bitmap_blocks;
	__le32 s_inode_table_start;
	__le32 s_inode_table_blocks;
	__le32 s_vector_table_start;
	__le32 s_vector_table_blocks;
	__le32 s_data_start;
	__le32 s_free_blocks;
	__le32 s_free_inodes;
	__le64 s_mkfs_time;		/* seconds since the epoch */
	__u8 s_uuid[16];
	char s_label[32];
	__u8 s_reserved[40];
};	/* 176 bytes; the rest of block 0 is zero */

#define VEXFS_NDIR_BLOCKS	12
#define VEXFS_IND_BLOCK		12	/* single indirect */
#define VEXFS_DIND_BLOCK	13	/* double indirect */
#define VEXFS_N_BLOCKS		14

/* Inode flags. */
#define VEXFS_INODE_HAS_VECTOR	0x1
#define VEXFS_INODE_FLAGS	VEXFS_INODE_HAS_VECTOR	/* every known flag */

/*
 * A symlink target shorter than i_block (55 bytes and its NUL) is stored in
 * i_block itself with i_blocks 0; a longer one (up to 4095 bytes) in the
 * file's first data block.
 */
#define VEXFS_FAST_SYMLINK_MAX	(VEXFS_N_BLOCKS * 4 - 1)

struct vexfs_inode {
	__le16 i_mode;
	__le16 i_links_count;
	__le32 i_uid;
	__le32 i_gid;
	__le32 i_flags;
	__le64 i_size;
	__le64 i_atime;
	__le64 i_mtime;
	__le64 i_ctime;
	__le32 i_atime_nsec;
	__le32 i_mtime_nsec;
	__le32 i_ctime_nsec;
	__le32 i_blocks;		/* data + indirect blocks in use */
	__le32 i_block[VEXFS_N_BLOCKS];	/* 0 = hole; a short symlink's target */
	__le32 i_parent;		/* directory it was created or renamed in;
					 * 0 = unknown (search shows it to
					 * CAP_DAC_READ_SEARCH only) */
	__le32 i_rdev;			/* device number (new_encode_dev) of a
					 * char or block special file */
};	/* 128 bytes */

#define VEXFS_INODES_PER_BLOCK	(VEXFS_BLOCK_SIZE / sizeof(struct vexfs_inode))

/* Directory entry file types (as DT_* values). */
struct vexfs_dir_entry {
	__le32 d_ino;			/* 0 = free slot */
	__u8 d_name_len;
	__u8 d_file_type;
	char d_name[VEXFS_NAME_LEN];
};	/* 256 bytes, 16 per block */

#define VEXFS_DIR_ENTRIES_PER_BLOCK \
	(VEXFS_BLOCK_SIZE / sizeof(struct vexfs_dir_entry))

/* ---- ioctls on files and directories of a mount ------------------------ */

#define VEXFS_IOC_MAGIC		'V'

/* Set or get the vector of a regular file. data points to dim int8s. */
struct vexfs_vector_io {
	__u32 dim;
	__u32 reserved;
	__u64 data;
};

struct vexfs_search_result {
	__u64 ino;
	__s64 distance;
};

/* On any directory of a mount: the k nearest files of the whole mount. */
struct vexfs_search {
	__u64 query;		/* in: pointer to dim int8s */
	__u64 results;		/* in: pointer to k struct vexfs_search_result */
	__u32 dim;		/* in: must equal the filesystem's dimension */
	__u32 k;		/* in: 1..VEXFS_MAX_K */
	__u32 metric;		/* in: VEXFS_METRIC_* */
	__u32 count;		/* out: results written (<= k) */
};

#define VEXFS_IOC_SET_VECTOR	_IOW(VEXFS_IOC_MAGIC, 1, struct vexfs_vector_io)
#define VEXFS_IOC_GET_VECTOR	_IOWR(VEXFS_IOC_MAGIC, 2, struct vexfs_vector_io)
#define VEXFS_IOC_CLEAR_VECTOR	_IO(VEXFS_IOC_MAGIC, 3)
#define VEXFS_IOC_SEARCH	_IOWR(VEXFS_IOC_MAGIC, 4, struct vexfs_search)

/* ---- ioctls on the control device /dev/vexfs --------------------------- */

#define VEXFS_VERSION_LEN	32
#define VEXFS_RELEASE_LEN	72
#define VEXFS_DEVNAME_LEN	32
#define VEXFS_MAX_STATUS_MOUNTS	16

struct vexfs_status {
	__u32 abi_version;		/* first, so any module can be asked */
	__u32 format_version;
	char module_version[VEXFS_VERSION_LEN];
	char kernel_release[VEXFS_RELEASE_LEN];	/* UTS_RELEASE built for */
	__u32 mounts;
	__u32 reserved;
	__u64 files_with_vectors;
	__u64 searches;
	__u64 vector_bytes;		/* memory held by the vector indexes */
};

struct vexfs_mount_status {
	char device[VEXFS_DEVNAME_LEN];	/* e.g. "vdb", "loop0" */
	__u32 vector_dim;
	__u32 inode_count;
	__u32 free_inodes;
	__u32 reserved;
	__u64 block_count;
	__u64 free_blocks;
	__u64 files_with_vectors;
	__u64 searches;
};

struct vexfs_status_full {
	struct vexfs_status status;
	__u32 mount_count;		/* entries filled in mounts[] */
	__u32 reserved;
	struct vexfs_mount_status mounts[VEXFS_MAX_STATUS_MOUNTS];
};

#define VEXFS_IOC_GET_STATUS	_IOR(VEXFS_IOC_MAGIC, 0x10, struct vexfs_status)
#define VEXFS_IOC_GET_STATUS_FULL \
	_IOR(VEXFS_IOC_MAGIC, 0x11, struct vexfs_status_full)

#endif /* _UAPI_LINUX_VEXFS_H */
