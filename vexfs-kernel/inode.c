// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS inodes: reading and writing the inode table, attributes and
 * eviction. The block tree of each inode is in blockmap.c.
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
		pr_err("vexfs: %s: cannot read inode %u\n", sb->s_id, ino);
		return NULL;
	}
	*raw = (struct vexfs_inode *)bh->b_data + ino % VEXFS_INODES_PER_BLOCK;
	return bh;
}

void vexfs_set_ops(struct inode *inode)
{
	if (S_ISREG(inode->i_mode)) {
		inode->i_op = &vexfs_file_inode_operations;
		inode->i_fop = &vexfs_file_operations;
		inode->i_mapping->a_ops = &vexfs_aops;
	} else {
		inode->i_op = &vexfs_dir_inode_operations;
		inode->i_fop = &vexfs_dir_operations;
		inode->i_mapping->a_ops = &vexfs_aops;
	}
}

struct inode *vexfs_iget(struct super_block *sb, unsigned long ino)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	struct timespec64 a, m, c;
	struct vexfs_inode_info *vi;
	struct vexfs_inode *raw;
	struct buffer_head *bh;
	struct inode *inode;
	int i;

	if (ino < VEXFS_ROOT_INO || ino >= sbi->inode_count) {
		pr_err("vexfs: %s: inode number %llu out of range\n", sb->s_id,
		       (u64)ino);
		return ERR_PTR(-EUCLEAN);
	}
	inode = iget_locked(sb, ino);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	if (!(vexfs_inode_is_new(inode)))
		return inode;

	vi = VEXFS_I(inode);
	bh = vexfs_inode_bh(sb, ino, &raw);
	if (!bh) {
		iget_failed(inode);
		return ERR_PTR(-EIO);
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
	for (i = 0; i < VEXFS_N_BLOCKS; i++)
		vi->i_data[i] = raw->i_block[i];
	brelse(bh);

	if (inode->i_nlink == 0 ||
	    (!S_ISREG(inode->i_mode) && !S_ISDIR(inode->i_mode))) {
		pr_err("vexfs: %s: inode %llu is free or of unsupported type 0%o\n",
		       sb->s_id, (u64)ino, inode->i_mode);
		iget_failed(inode);
		return ERR_PTR(-EUCLEAN);
	}
	vexfs_set_ops(inode);
	unlock_new_inode(inode);
	return inode;
}

struct inode *vexfs_new_inode(struct inode *dir, umode_t mode)
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
	vexfs_set_ops(inode);
	if (insert_inode_locked(inode) < 0) {
		pr_err("vexfs: %s: inode %u allocated twice\n", sb->s_id, ino);
		make_bad_inode(inode);
		iput(inode);
		return ERR_PTR(-EUCLEAN);
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
	memset(raw->i_reserved, 0, sizeof(raw->i_reserved));
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
static void vexfs_clear_raw(struct inode *inode)
{
	struct vexfs_inode *raw;
	struct buffer_head *bh;

	bh = vexfs_inode_bh(inode->i_sb, inode->i_ino, &raw);
	if (!bh)
		return;
	lock_buffer(bh);
	memset(raw, 0, sizeof(*raw));
	unlock_buffer(bh);
	mark_buffer_dirty(bh);
	brelse(bh);
}

void vexfs_evict_inode(struct inode *inode)
{
	bool delete = !inode->i_nlink && !is_bad_inode(inode);

	truncate_inode_pages_final(&inode->i_data);
	if (delete) {
		vexfs_vector_forget(inode);
		inode->i_size = 0;
		vexfs_truncate_blocks(inode, 0);
		vexfs_clear_raw(inode);
	}
	clear_inode(inode);
	if (delete)
		vexfs_free_ino(inode->i_sb, inode->i_ino);
}

static int vexfs_resize(struct inode *inode, loff_t size)
{
	int err;

	err = block_truncate_page(inode->i_mapping, size, vexfs_get_block);
	if (err)
		return err;
	truncate_setsize(inode, size);
	vexfs_truncate_blocks(inode, size);
	vexfs_touch(inode);
	mark_inode_dirty(inode);
	return 0;
}

int vexfs_setattr(VEXFS_IDMAP_T *idmap, struct dentry *dentry,
		  struct iattr *attr)
{
	struct inode *inode = d_inode(dentry);
	int err;

	err = setattr_prepare(idmap, dentry, attr);
	if (err)
		return err;
	if ((attr->ia_valid & ATTR_SIZE) &&
	    attr->ia_size != i_size_read(inode)) {
		if (!S_ISREG(inode->i_mode))
			return -EINVAL;
		err = vexfs_resize(inode, attr->ia_size);
		if (err)
			return err;
	}
	setattr_copy(idmap, inode, attr);
	mark_inode_dirty(inode);
	return 0;
}
