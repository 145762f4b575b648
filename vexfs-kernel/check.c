// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS on-disk checks: the superblock at mount (as minix checks its
 * bounds) and each raw inode at iget (as ext2_iget does), so damage is
 * refused where it enters and nothing past these checks trusts the disk
 * blindly. Directory entries are checked where they are read, in dir.c.
 */
#include "vexfs.h"

int vexfs_bad(struct super_block *sb, const char *what)
{
	pr_err("vexfs: %s: not a valid VexFS image: %s (format it with 'vexctl mkfs')\n",
	       sb->s_id, what);
	return -EINVAL;
}

/* Checks one region: starts at *next, has at least need blocks. */
static int vexfs_check_region(struct super_block *sb, const char *name,
			      u32 start, u32 blocks, u64 need, u64 *next)
{
	if (start != *next || blocks < need) {
		pr_err("vexfs: %s: %s at block %u (%u blocks) but expected block %llu with at least %llu blocks\n",
		       sb->s_id, name, start, blocks, *next, need);
		return -EINVAL;
	}
	*next = (u64)start + blocks;
	return 0;
}

int vexfs_check_super(struct super_block *sb,
		      const struct vexfs_super_block *raw, u64 dev_blocks)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	u64 next = 1, bits = VEXFS_BLOCK_SIZE * 8, vt_need;
	int err;

	if (le32_to_cpu(raw->s_magic) != VEXFS_MAGIC)
		return vexfs_bad(sb, "bad magic");
	if (le32_to_cpu(raw->s_format_version) < VEXFS_FORMAT_VERSION) {
		/* Version 1 has no parent, rdev or symlink fields. */
		pr_err("vexfs: %s: format version %u is older than this module's %u: copy the files off with the module it was made for, then 'vexctl mkfs' it again\n",
		       sb->s_id, le32_to_cpu(raw->s_format_version),
		       VEXFS_FORMAT_VERSION);
		return -EINVAL;
	}
	if (le32_to_cpu(raw->s_format_version) != VEXFS_FORMAT_VERSION) {
		pr_err("vexfs: %s: format version %u, this module reads version %u: load a newer module\n",
		       sb->s_id, le32_to_cpu(raw->s_format_version),
		       VEXFS_FORMAT_VERSION);
		return -EINVAL;
	}
	if (le32_to_cpu(raw->s_block_size) != VEXFS_BLOCK_SIZE)
		return vexfs_bad(sb, "block size is not 4096");
	if (sbi->dim < 1 || sbi->dim > VEXFS_MAX_DIM)
		return vexfs_bad(sb, "vector dimension not in 1..4096");
	if (le32_to_cpu(raw->s_vector_elem) != VEXFS_ELEM_INT8)
		return vexfs_bad(sb, "vector element type is not int8");
	if (sbi->inode_count < 2)
		return vexfs_bad(sb, "fewer than 2 inodes");
	if (sbi->block_count > U32_MAX)
		return vexfs_bad(sb, "more than 2^32 blocks");
	if (sbi->block_count > dev_blocks) {
		pr_err("vexfs: %s: image has %llu blocks but the device only %llu\n",
		       sb->s_id, sbi->block_count, dev_blocks);
		return -EINVAL;
	}
	err = vexfs_check_region(sb, "inode bitmap", sbi->ibmap_start,
				 sbi->ibmap_blocks,
				 DIV_ROUND_UP_ULL(sbi->inode_count, bits),
				 &next);
	if (err)
		return err;
	err = vexfs_check_region(sb, "block bitmap", sbi->bbmap_start,
				 sbi->bbmap_blocks,
				 DIV_ROUND_UP_ULL(sbi->block_count, bits),
				 &next);
	if (err)
		return err;
	err = vexfs_check_region(sb, "inode table", sbi->itable_start,
				 le32_to_cpu(raw->s_inode_table_blocks),
				 DIV_ROUND_UP_ULL(sbi->inode_count,
						  VEXFS_INODES_PER_BLOCK),
				 &next);
	if (err)
		return err;
	vt_need = DIV_ROUND_UP_ULL((u64)sbi->inode_count * sbi->dim,
				   VEXFS_BLOCK_SIZE);
	err = vexfs_check_region(sb, "vector table", sbi->vtable_start,
				 le32_to_cpu(raw->s_vector_table_blocks),
				 vt_need, &next);
	if (err)
		return err;
	if (sbi->data_start != next || sbi->data_start >= sbi->block_count)
		return vexfs_bad(sb, "data region misplaced or empty");
	return 0;
}

/* Why a raw inode cannot be used, or NULL: the ext2_iget checks. */
const char *vexfs_check_raw(struct super_block *sb,
			    const struct vexfs_inode *raw, bool orphan)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	umode_t mode = le16_to_cpu(raw->i_mode);
	u32 nlink = le16_to_cpu(raw->i_links_count);
	s64 size = (s64)le64_to_cpu(raw->i_size);
	u32 blocks = le32_to_cpu(raw->i_blocks);
	u64 dir_blocks;

	if (!nlink && !orphan)
		return "is free (link count 0)";
	switch (mode & S_IFMT) {
	case S_IFREG:
	case S_IFDIR:
	case S_IFLNK:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	default:
		return "has an unknown file type";
	}
	if (S_ISDIR(mode) && nlink && nlink < 2)
		return "is a directory with fewer than 2 links";
	if (size < 0 || size > sb->s_maxbytes)
		return "has a size beyond the file size limit";
	if (blocks > sbi->block_count - sbi->data_start)
		return "claims more blocks than the device has";
	if (le32_to_cpu(raw->i_atime_nsec) >= NSEC_PER_SEC ||
	    le32_to_cpu(raw->i_mtime_nsec) >= NSEC_PER_SEC ||
	    le32_to_cpu(raw->i_ctime_nsec) >= NSEC_PER_SEC)
		return "has a time with nanoseconds >= 10^9";
	if (le32_to_cpu(raw->i_flags) & ~VEXFS_INODE_FLAGS)
		return "has unknown flags";
	if ((le32_to_cpu(raw->i_flags) & VEXFS_INODE_HAS_VECTOR) &&
	    !S_ISREG(mode))
		return "has a vector but is not a regular file";
	if (le32_to_cpu(raw->i_parent) >= sbi->inode_count)
		return "names a parent beyond the inode table";
	if (S_ISDIR(mode)) {
		/* Directories grow a block at a time and have no holes. */
		dir_blocks = (u64)size >> VEXFS_BLOCK_BITS;
		if (size & (VEXFS_BLOCK_SIZE - 1))
			return "is a directory whose size is not whole blocks";
		if (dir_blocks > blocks)
			return "is a directory larger than its blocks";
	}
	if (S_ISLNK(mode)) {
		if (!size || size >= VEXFS_BLOCK_SIZE)
			return "is a symlink of length 0 or >= 4096";
		if (!blocks && size > VEXFS_FAST_SYMLINK_MAX)
			return "is a long symlink without a block";
	}
	if ((S_ISCHR(mode) || S_ISBLK(mode) || S_ISFIFO(mode) ||
	     S_ISSOCK(mode)) &&
	    (size || blocks))
		return "is a special file with data";
	return NULL;
}
