// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS name operations: lookup, create, mkdir, link, unlink, rmdir,
 * rename. A directory's link count is 2 plus its subdirectories.
 */
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

/* Creates an inode of mode and links it under dentry in dir. */
static int vexfs_make(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	struct inode *inode;
	int err;

	if (dentry->d_name.len > VEXFS_NAME_LEN)
		return -ENAMETOOLONG;
	inode = vexfs_new_inode(dir, mode);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	if (S_ISDIR(mode)) {
		set_nlink(inode, 2);
		inode_inc_link_count(dir);
	}
	err = vexfs_add_entry(dir, &dentry->d_name, inode);
	if (err) {
		if (S_ISDIR(mode))
			inode_dec_link_count(dir);
		clear_nlink(inode);
		discard_new_inode(inode);
		return err;
	}
	d_instantiate_new(dentry, inode);
	return 0;
}

static int vexfs_create(VEXFS_IDMAP_T *idmap, struct inode *dir,
			struct dentry *dentry, umode_t mode, bool excl)
{
	return vexfs_make(dir, dentry, mode);
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
static struct dentry *vexfs_mkdir(VEXFS_IDMAP_T *idmap, struct inode *dir,
				  struct dentry *dentry, umode_t mode)
{
	return ERR_PTR(vexfs_make(dir, dentry, S_IFDIR | mode));
}
#else
static int vexfs_mkdir(VEXFS_IDMAP_T *idmap, struct inode *dir,
		       struct dentry *dentry, umode_t mode)
{
	return vexfs_make(dir, dentry, S_IFDIR | mode);
}
#endif

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
	d_instantiate(dentry, inode);
	return 0;
}

static int vexfs_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);
	struct vexfs_dir_entry *de;
	struct buffer_head *bh;

	de = vexfs_find_entry(dir, &dentry->d_name, &bh);
	if (IS_ERR(de))
		return PTR_ERR(de);
	vexfs_delete_entry(dir, bh, de);
	brelse(bh);
	vexfs_ctime_now(inode);
	inode_dec_link_count(inode);
	return 0;
}

static int vexfs_rmdir(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);
	int err;

	if (!vexfs_dir_empty(inode))
		return -ENOTEMPTY;
	err = vexfs_unlink(dir, dentry);
	if (err)
		return err;
	inode_dec_link_count(inode);
	inode_dec_link_count(dir);
	return 0;
}

static int vexfs_rename(VEXFS_IDMAP_T *idmap, struct inode *old_dir,
			struct dentry *old_dentry, struct inode *new_dir,
			struct dentry *new_dentry, unsigned int flags)
{
	struct inode *old_inode = d_inode(old_dentry);
	struct inode *new_inode = d_inode(new_dentry);
	bool is_dir = S_ISDIR(old_inode->i_mode);
	struct vexfs_dir_entry *old_de, *new_de;
	struct buffer_head *old_bh, *new_bh;
	int err;

	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	if (new_dentry->d_name.len > VEXFS_NAME_LEN)
		return -ENAMETOOLONG;
	old_de = vexfs_find_entry(old_dir, &old_dentry->d_name, &old_bh);
	if (IS_ERR(old_de))
		return PTR_ERR(old_de);

	if (new_inode) {
		if (is_dir && !vexfs_dir_empty(new_inode)) {
			err = -ENOTEMPTY;
			goto out;
		}
		new_de = vexfs_find_entry(new_dir, &new_dentry->d_name,
					  &new_bh);
		if (IS_ERR(new_de)) {
			err = PTR_ERR(new_de);
			goto out;
		}
		vexfs_set_entry(new_dir, new_bh, new_de, old_inode);
		brelse(new_bh);
		vexfs_ctime_now(new_inode);
		if (is_dir)
			drop_nlink(new_inode);
		inode_dec_link_count(new_inode);
	} else {
		err = vexfs_add_entry(new_dir, &new_dentry->d_name, old_inode);
		if (err)
			goto out;
		if (is_dir)
			inode_inc_link_count(new_dir);
	}
	vexfs_delete_entry(old_dir, old_bh, old_de);
	if (is_dir)
		inode_dec_link_count(old_dir);
	vexfs_ctime_now(old_inode);
	mark_inode_dirty(old_inode);
	err = 0;
out:
	brelse(old_bh);
	return err;
}

const struct inode_operations vexfs_dir_inode_operations = {
	.lookup		= vexfs_lookup,
	.create		= vexfs_create,
	.mkdir		= vexfs_mkdir,
	.link		= vexfs_link,
	.unlink		= vexfs_unlink,
	.rmdir		= vexfs_rmdir,
	.rename		= vexfs_rename,
	.setattr	= vexfs_setattr,
};
