// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS inodes: reading and writing the inode table, new inodes and
 * eviction. Every field read from disk is checked at iget by
 * vexfs_check_raw (check.c). The block tree of each inode is in
 * blockmap.c, the slab cache in inode_cache.c, attribute and link-count
 * changes in attr.c.
 */
#include <linux/pagemap.h>
#include <linux/writeback.h>
#include "vexfs.h"

static struct buffer_head *vexfs_inode_bh(struct super_block *sb, u32 ino,
					  struct vexfs_inode **raw)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	struct buffer_head *bh;

	bh = sb_bread(sb, sbi->itable_start + ino / VEXFS_INODES_PER_BLOCK);
	if (!bh) {
		pr_err_ratelimited("vexfs: %s: cannot read inode %u\n",
				   sb->s_id, ino);
		return NULL;
	}
	*raw = (struct vexfs_inode *)bh->b_data + ino % VEXFS_INODES_PER_BLOCK;
	return bh;
}

void vexfs_set_ops(struct inode *inode, dev_t rdev)
{
	inode->i_mapping->a_ops = &vexfs_aops;
	if (S_ISREG(inode->i_mode)) {
		inode->i_op = &vexfs_file_inode_operations;
		inode->i_fop = &vexfs_file_operations;
	} else if (S_ISDIR(inode->i_mode)) {
		inode->i_op = &vexfs_dir_inode_operations;
		inode->i_fop = &vexfs_dir_operations;
	} else if (S_ISLNK(inode->i_mode)) {
		if (inode->i_size <= VEXFS_FAST_SYMLINK_MAX &&
		    !inode->i_blocks) {
			inode->i_link = (char *)VEXFS_I(inode)->i_data;
			inode->i_op = &vexfs_fast_symlink_inode_operations;
		} else {
			inode->i_link = NULL; /* the VFS prefers i_link */
			inode_nohighmem(inode);
			inode->i_op = &vexfs_symlink_inode_operations;
		}
	} else {
		inode->i_op = &vexfs_special_inode_operations;
		init_special_inode(inode, inode->i_mode, rdev);
	}
}

static struct inode *vexfs_iget_flags(struct super_block *sb, unsigned long ino,
				      bool orphan)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	struct timespec64 a, m, c;
	struct vexfs_inode_info *vi;
	struct vexfs_inode *raw;
	struct buffer_head *bh;
	struct inode *inode;
	const char *why;
	int i, used;

	if (ino < VEXFS_ROOT_INO || ino >= sbi->inode_count) {
		vexfs_corrupt(sb, ino, "number out of range");
		return ERR_PTR(-EFSCORRUPTED);
	}
	inode = iget_locked(sb, ino);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	if (!(vexfs_inode_is_new(inode)))
		return inode;

	vi = VEXFS_I(inode);
	used = vexfs_ino_in_use(sb, ino);
	if (used <= 0) {
		if (!used)
			vexfs_corrupt(sb, ino, "is free in the inode bitmap");
		iget_failed(inode);
		return ERR_PTR(used ? used : -EFSCORRUPTED);
	}
	bh = vexfs_inode_bh(sb, ino, &raw);
	if (!bh) {
		iget_failed(inode);
		return ERR_PTR(-EIO);
	}
	why = vexfs_check_raw(sb, raw, orphan);
	if (why) {
		vexfs_corrupt(sb, ino, "%s (mode 0%o)", why,
			      le16_to_cpu(raw->i_mode));
		brelse(bh);
		iget_failed(inode);
		return ERR_PTR(-EFSCORRUPTED);
	}
	inode->i_mode = le16_to_cpu(raw->i_mode);
	set_nlink(inode, le16_to_cpu(raw->i_links_count));
	i_uid_write(inode, le32_to_cpu(raw->i_uid));
	i_gid_write(inode, le32_to_cpu(raw->i_gid));
	inode->i_size = le64_to_cpu(raw->i_size);
	a.tv_sec = le64_to_cpu(raw->i_atime);
	a.tv_nsec = le32_to_cpu(raw->i_atime_nsec);
	m.tv_sec = le64_to_cpu(raw->i_mtime);
	m.tv_nsec = le32_to_cpu(raw->i_mtime_nsec);
	c.tv_sec = le64_to_cpu(raw->i_ctime);
	c.tv_nsec = le32_to_cpu(raw->i_ctime_nsec);
	vexfs_set_times(inode, a, m, c);
	inode->i_blocks = (blkcnt_t)le32_to_cpu(raw->i_blocks)
			  << (VEXFS_BLOCK_BITS - 9);
	vi->i_flags = le32_to_cpu(raw->i_flags);
	vi->i_parent = le32_to_cpu(raw->i_parent);
	for (i = 0; i < VEXFS_N_BLOCKS; i++)
		vi->i_data[i] = raw->i_block[i];
	if (S_ISLNK(inode->i_mode) && !inode->i_blocks)
		((char *)vi->i_data)[inode->i_size] = '\0';
	vexfs_set_ops(inode, new_decode_dev(le32_to_cpu(raw->i_rdev)));
	brelse(bh);
	unlock_new_inode(inode);
	return inode;
}

struct inode *vexfs_iget(struct super_block *sb, unsigned long ino)
{
	return vexfs_iget_flags(sb, ino, false);
}

/* An allocated inode with no links (O_TMPFILE or unlinked while open). */
struct inode *vexfs_iget_orphan(struct super_block *sb, unsigned long ino)
{
	return vexfs_iget_flags(sb, ino, true);
}

struct inode *vexfs_new_inode(struct inode *dir, umode_t mode, dev_t rdev)
{
	struct super_block *sb = dir->i_sb;
	struct vexfs_inode_info *vi;
	struct timespec64 now;
	struct inode *inode;
	u32 ino;
	int err;

	inode = new_inode(sb);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	err = vexfs_new_ino(sb, &ino);
	if (err) {
		make_bad_inode(inode);
		iput(inode);
		return ERR_PTR(err);
	}
	inode_init_owner(VEXFS_NOP_IDMAP, inode, dir, mode);
	inode->i_ino = ino;
	inode->i_blocks = 0;
	now = vexfs_ctime_now(inode);
	vexfs_set_times(inode, now, now, now);
	vi = VEXFS_I(inode);
	memset(vi->i_data, 0, sizeof(vi->i_data));
	vi->i_flags = 0;
	vi->i_parent = dir->i_ino;
	vexfs_set_ops(inode, rdev);
	if (insert_inode_locked(inode) < 0) {
		vexfs_corrupt(sb, ino, "allocated twice");
		make_bad_inode(inode);
		iput(inode);
		return ERR_PTR(-EFSCORRUPTED);
	}
	mark_inode_dirty(inode);
	return inode;
}

static void vexfs_fill_raw(struct inode *inode, struct vexfs_inode *raw)
{
	struct vexfs_inode_info *vi = VEXFS_I(inode);
	struct timespec64 a, m, c;
	int i;

	vexfs_get_times(inode, &a, &m, &c);
	raw->i_mode = cpu_to_le16(inode->i_mode);
	raw->i_links_count = cpu_to_le16(inode->i_nlink);
	raw->i_uid = cpu_to_le32(i_uid_read(inode));
	raw->i_gid = cpu_to_le32(i_gid_read(inode));
	raw->i_flags = cpu_to_le32(vi->i_flags);
	raw->i_size = cpu_to_le64(inode->i_size);
	raw->i_atime = cpu_to_le64(a.tv_sec);
	raw->i_mtime = cpu_to_le64(m.tv_sec);
	raw->i_ctime = cpu_to_le64(c.tv_sec);
	raw->i_atime_nsec = cpu_to_le32(a.tv_nsec);
	raw->i_mtime_nsec = cpu_to_le32(m.tv_nsec);
	raw->i_ctime_nsec = cpu_to_le32(c.tv_nsec);
	raw->i_blocks = cpu_to_le32(inode->i_blocks >> (VEXFS_BLOCK_BITS - 9));
	for (i = 0; i < VEXFS_N_BLOCKS; i++)
		raw->i_block[i] = vi->i_data[i];
	raw->i_parent = cpu_to_le32(vi->i_parent);
	raw->i_rdev =
		cpu_to_le32((S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode)) ?
				    new_encode_dev(inode->i_rdev) :
				    0);
}

int vexfs_write_inode(struct inode *inode, struct writeback_control *wbc)
{
	struct vexfs_inode *raw;
	struct buffer_head *bh;
	int err = 0;

	bh = vexfs_inode_bh(inode->i_sb, inode->i_ino, &raw);
	if (!bh)
		return -EIO;
	lock_buffer(bh);
	vexfs_fill_raw(inode, raw);
	unlock_buffer(bh);
	mark_buffer_dirty(bh);
	if (wbc->sync_mode == WB_SYNC_ALL) {
		sync_dirty_buffer(bh);
		if (buffer_write_io_error(bh))
			err = -EIO;
	}
	brelse(bh);
	return err;
}

/* Zeroes the on-disk inode of a deleted file. */
static int vexfs_clear_raw(struct inode *inode)
{
	struct vexfs_inode *raw;
	struct buffer_head *bh;

	bh = vexfs_inode_bh(inode->i_sb, inode->i_ino, &raw);
	if (!bh)
		return -EIO;
	lock_buffer(bh);
	memset(raw, 0, sizeof(*raw));
	unlock_buffer(bh);
	mark_buffer_dirty(bh);
	brelse(bh);
	return 0;
}

void vexfs_evict_inode(struct inode *inode)
{
	bool unlinked = !inode->i_nlink && !is_bad_inode(inode);
	int err = 0;

	truncate_inode_pages_final(&inode->i_data);
	if (unlinked) {
		vexfs_vector_forget(inode);
		inode->i_size = 0;
		if (inode->i_blocks)
			vexfs_truncate_blocks(inode, 0);
		err = vexfs_clear_raw(inode);
	}
	clear_inode(inode);
	/*
	 * An inode whose table block cannot be zeroed keeps its bitmap bit:
	 * freeing it would let a new file meet the old contents.
	 */
	if (unlinked && !err)
		vexfs_free_ino(inode->i_sb, inode->i_ino);
	else if (unlinked)
		pr_err_ratelimited(
			"vexfs: %s: inode %llu: cannot clear it (%d); left allocated\n",
			inode->i_sb->s_id, (u64)inode->i_ino, err);
}
