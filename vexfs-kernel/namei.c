// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS name operations: lookup, create, mknod, symlink, mkdir, link,
 * unlink, rmdir, rename (RENAME_NOREPLACE, RENAME_EXCHANGE,
 * RENAME_WHITEOUT) and O_TMPFILE. A directory's link count is 2 plus its
 * subdirectories. Each inode records the directory it was created or last
 * renamed in (i_parent), which search uses to check the path to a file.
 */
#include <linux/pagemap.h>
#include "vexfs.h"

static struct dentry *vexfs_lookup(struct inode *dir, struct dentry *dentry,
				   unsigned int flags)
{
	struct inode *inode = NULL;
	struct vexfs_dir_entry *de;
	struct buffer_head *bh;

	de = vexfs_find_entry(dir, &dentry->d_name, &bh);
	if (IS_ERR(de)) {
		if (PTR_ERR(de) != -ENOENT)
			return ERR_CAST(de);
	} else {
		u32 ino = le32_to_cpu(de->d_ino);

		brelse(bh);
		inode = vexfs_iget(dir->i_sb, ino);
		if (IS_ERR(inode))
			return ERR_CAST(inode);
	}
	return d_splice_alias(inode, dentry);
}

/* Links a new inode under dentry; on failure the inode is discarded. */
static int vexfs_add_new(struct inode *dir, struct dentry *dentry,
			 struct inode *inode)
{
	int err = vexfs_add_entry(dir, &dentry->d_name, inode);

	if (err) {
		clear_nlink(inode);
		discard_new_inode(inode);
		return err;
	}
	d_instantiate_new(dentry, inode);
	return 0;
}

static int vexfs_make(struct inode *dir, struct dentry *dentry, umode_t mode,
		      dev_t rdev)
{
	struct inode *inode;

	if (dentry->d_name.len > VEXFS_NAME_LEN)
		return -ENAMETOOLONG;
	inode = vexfs_new_inode(dir, mode, rdev);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	return vexfs_add_new(dir, dentry, inode);
}

static int vexfs_create(VEXFS_IDMAP_T *idmap, struct inode *dir,
			struct dentry *dentry, umode_t mode, bool excl)
{
	return vexfs_make(dir, dentry, mode, 0);
}

static int vexfs_mknod(VEXFS_IDMAP_T *idmap, struct inode *dir,
		       struct dentry *dentry, umode_t mode, dev_t rdev)
{
	return vexfs_make(dir, dentry, mode, rdev);
}

static int vexfs_symlink(VEXFS_IDMAP_T *idmap, struct inode *dir,
			 struct dentry *dentry, const char *target)
{
	size_t len = strlen(target);
	struct inode *inode;
	int err;

	if (dentry->d_name.len > VEXFS_NAME_LEN)
		return -ENAMETOOLONG;
	if (len >= VEXFS_BLOCK_SIZE)
		return -ENAMETOOLONG;
	inode = vexfs_new_inode(dir, S_IFLNK | 0777, 0);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	if (len <= VEXFS_FAST_SYMLINK_MAX) {
		memcpy(VEXFS_I(inode)->i_data, target, len + 1);
		inode->i_size = len;
		vexfs_set_ops(inode, 0);
	} else {
		inode->i_size = VEXFS_FAST_SYMLINK_MAX + 1; /* a slow one */
		vexfs_set_ops(inode, 0);
		inode->i_size = 0;
		err = page_symlink(inode, target, len + 1);
		if (err) {
			clear_nlink(inode);
			discard_new_inode(inode);
			return err;
		}
	}
	mark_inode_dirty(inode);
	return vexfs_add_new(dir, dentry, inode);
}

static int vexfs_do_mkdir(struct inode *dir, struct dentry *dentry,
			  umode_t mode)
{
	struct inode *inode;
	int err;

	if (dentry->d_name.len > VEXFS_NAME_LEN)
		return -ENAMETOOLONG;
	if (dir->i_nlink >= dir->i_sb->s_max_links)
		return -EMLINK;
	inode = vexfs_new_inode(dir, S_IFDIR | mode, 0);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	set_nlink(inode, 2);
	inode_inc_link_count(dir);
	err = vexfs_add_new(dir, dentry, inode);
	if (err)
		inode_dec_link_count(dir);
	return err;
}

static VEXFS_MKDIR_RET vexfs_mkdir(VEXFS_IDMAP_T *idmap, struct inode *dir,
				   struct dentry *dentry, umode_t mode)
{
	return VEXFS_MKDIR_RETURN(vexfs_do_mkdir(dir, dentry, mode));
}

static int vexfs_tmpfile(VEXFS_IDMAP_T *idmap, struct inode *dir,
			 struct file *file, umode_t mode)
{
	struct inode *inode = vexfs_new_inode(dir, mode, 0);

	if (IS_ERR(inode))
		return PTR_ERR(inode);
	/* No entry names it: search shows it to nobody but an admin. */
	VEXFS_I(inode)->i_parent = 0;
	mark_inode_dirty(inode);
	d_tmpfile(file, inode);
	unlock_new_inode(inode);
	return finish_open_simple(file, 0);
}

static int vexfs_link(struct dentry *old, struct inode *dir,
		      struct dentry *dentry)
{
	struct inode *inode = d_inode(old);
	int err;

	if (dentry->d_name.len > VEXFS_NAME_LEN)
		return -ENAMETOOLONG;
	vexfs_ctime_now(inode);
	inode_inc_link_count(inode);
	ihold(inode);
	err = vexfs_add_entry(dir, &dentry->d_name, inode);
	if (err) {
		inode_dec_link_count(inode);
		iput(inode);
		return err;
	}
	if (!VEXFS_I(inode)->i_parent) {
		VEXFS_I(inode)->i_parent = dir->i_ino;
		mark_inode_dirty(inode);
	}
	d_instantiate(dentry, inode);
	return 0;
}

/* The entry for inode in dir is gone: forget dir as its parent. */
void vexfs_unparent(struct inode *dir, struct inode *inode)
{
	if (VEXFS_I(inode)->i_parent == dir->i_ino && inode->i_nlink) {
		VEXFS_I(inode)->i_parent = 0;
		mark_inode_dirty(inode);
	}
}

static int vexfs_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);
	struct vexfs_dir_entry *de;
	struct buffer_head *bh;
	int err;

	if (!vexfs_can_dec_link(inode, 0))
		return -EFSCORRUPTED;
	de = vexfs_find_entry(dir, &dentry->d_name, &bh);
	if (IS_ERR(de))
		return PTR_ERR(de);
	err = vexfs_delete_entry(dir, bh, de);
	brelse(bh);
	if (err)
		return err;
	vexfs_ctime_now(inode);
	err = vexfs_dec_link(inode, 0);
	vexfs_unparent(dir, inode);
	return err;
}

static int vexfs_rmdir(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);
	int err;

	err = vexfs_dir_empty(inode);
	if (err <= 0)
		return err ?: -ENOTEMPTY;
	if (!vexfs_can_dec_link(inode, 1) || !vexfs_can_dec_link(dir, 2))
		return -EFSCORRUPTED;
	err = vexfs_unlink(dir, dentry);
	if (err)
		return err;
	vexfs_dec_link(inode, 0);
	return vexfs_dec_link(dir, 2);
}

const struct inode_operations vexfs_dir_inode_operations = {
	.lookup = vexfs_lookup,
	.create = vexfs_create,
	.mknod = vexfs_mknod,
	.symlink = vexfs_symlink,
	.mkdir = vexfs_mkdir,
	.tmpfile = vexfs_tmpfile,
	.link = vexfs_link,
	.unlink = vexfs_unlink,
	.rmdir = vexfs_rmdir,
	.rename = vexfs_rename,
	.setattr = vexfs_setattr,
};

const struct inode_operations vexfs_symlink_inode_operations = {
	.get_link = page_get_link,
	.setattr = vexfs_setattr,
};

const struct inode_operations vexfs_fast_symlink_inode_operations = {
	.get_link = simple_get_link,
	.setattr = vexfs_setattr,
};

const struct inode_operations vexfs_special_inode_operations = {
	.setattr = vexfs_setattr,
};
