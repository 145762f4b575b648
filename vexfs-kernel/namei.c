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
static void vexfs_unparent(struct inode *dir, struct inode *inode)
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

/* Swaps two names (RENAME_EXCHANGE); both exist. */
static int vexfs_exchange(struct inode *old_dir, struct dentry *old_dentry,
			  struct inode *new_dir, struct dentry *new_dentry)
{
	struct inode *old_inode = d_inode(old_dentry);
	struct inode *new_inode = d_inode(new_dentry);
	bool old_is_dir = S_ISDIR(old_inode->i_mode);
	bool new_is_dir = S_ISDIR(new_inode->i_mode);
	struct vexfs_dir_entry *old_de, *new_de;
	struct buffer_head *old_bh, *new_bh;
	int err;

	if (old_dir != new_dir && old_is_dir != new_is_dir) {
		struct inode *gains = old_is_dir ? new_dir : old_dir;
		struct inode *loses = old_is_dir ? old_dir : new_dir;

		if (!vexfs_can_dec_link(loses, 2))
			return -EFSCORRUPTED;
		if (gains->i_nlink >= gains->i_sb->s_max_links)
			return -EMLINK;
	}
	old_de = vexfs_find_entry(old_dir, &old_dentry->d_name, &old_bh);
	if (IS_ERR(old_de))
		return PTR_ERR(old_de);
	new_de = vexfs_find_entry(new_dir, &new_dentry->d_name, &new_bh);
	if (IS_ERR(new_de)) {
		brelse(old_bh);
		return PTR_ERR(new_de);
	}
	err = vexfs_set_entry(new_dir, new_bh, new_de, old_inode, false);
	if (!err)
		err = vexfs_set_entry(old_dir, old_bh, old_de, new_inode,
				      false);
	brelse(new_bh);
	brelse(old_bh);
	if (err)
		return err;
	if (old_dir != new_dir && old_is_dir != new_is_dir) {
		if (old_is_dir) {
			inode_inc_link_count(new_dir);
			vexfs_dec_link(old_dir, 2);
		} else {
			inode_inc_link_count(old_dir);
			vexfs_dec_link(new_dir, 2);
		}
	}
	VEXFS_I(old_inode)->i_parent = new_dir->i_ino;
	VEXFS_I(new_inode)->i_parent = old_dir->i_ino;
	vexfs_ctime_now(old_inode);
	vexfs_ctime_now(new_inode);
	mark_inode_dirty(old_inode);
	mark_inode_dirty(new_inode);
	return 0;
}

/*
 * Rename, ordered for a crash between its steps: the moved inode's link
 * count is raised and written first, the new entry is written next, and
 * only then is the old entry removed and the count lowered. A crash leaves
 * at worst a count one too high (an inode never freed), never two entries
 * for a count of one or a freed inode that is still named.
 */
static int vexfs_rename(VEXFS_IDMAP_T *idmap, struct inode *old_dir,
			struct dentry *old_dentry, struct inode *new_dir,
			struct dentry *new_dentry, unsigned int flags)
{
	struct inode *old_inode = d_inode(old_dentry);
	struct inode *new_inode = d_inode(new_dentry);
	bool is_dir = S_ISDIR(old_inode->i_mode);
	struct vexfs_dir_entry *old_de, *new_de;
	struct buffer_head *old_bh, *new_bh;
	struct inode *whiteout = NULL;
	bool held;
	int err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if (new_dentry->d_name.len > VEXFS_NAME_LEN)
		return -ENAMETOOLONG;
	if (flags & RENAME_EXCHANGE)
		return vexfs_exchange(old_dir, old_dentry, new_dir, new_dentry);

	if (new_inode) {
		if (is_dir) {
			err = vexfs_dir_empty(new_inode);
			if (err <= 0)
				return err ?: -ENOTEMPTY;
		}
		if (!vexfs_can_dec_link(new_inode, is_dir ? 1 : 0))
			return -EFSCORRUPTED;
	} else if (is_dir && old_dir != new_dir &&
		   new_dir->i_nlink >= new_dir->i_sb->s_max_links) {
		return -EMLINK;
	}
	if (is_dir && old_dir != new_dir && !vexfs_can_dec_link(old_dir, 2))
		return -EFSCORRUPTED;
	held = old_inode->i_nlink < old_inode->i_sb->s_max_links;
	if (flags & RENAME_WHITEOUT) {
		whiteout = vexfs_new_inode(old_dir, S_IFCHR | WHITEOUT_MODE,
					   WHITEOUT_DEV);
		if (IS_ERR(whiteout))
			return PTR_ERR(whiteout);
	}
	old_de = vexfs_find_entry(old_dir, &old_dentry->d_name, &old_bh);
	if (IS_ERR(old_de)) {
		err = PTR_ERR(old_de);
		goto out_whiteout;
	}

	/* Step 1: the moved inode counts both of its names. */
	if (held) {
		inc_nlink(old_inode);
		err = sync_inode_metadata(old_inode, 1);
		if (err)
			goto out_undo;
	}
	/* Step 2: the new name, on disk before the old one goes. */
	if (new_inode) {
		new_de =
			vexfs_find_entry(new_dir, &new_dentry->d_name, &new_bh);
		if (IS_ERR(new_de)) {
			err = PTR_ERR(new_de);
			goto out_undo;
		}
		err = vexfs_set_entry(new_dir, new_bh, new_de, old_inode, true);
		brelse(new_bh);
		if (err)
			goto out_undo;
		vexfs_ctime_now(new_inode);
		if (is_dir)
			vexfs_dec_link(new_inode, 0);
		vexfs_dec_link(new_inode, 0);
		vexfs_unparent(new_dir, new_inode);
	} else {
		err = vexfs_add_entry(new_dir, &new_dentry->d_name, old_inode);
		if (err)
			goto out_undo;
		if (is_dir)
			inode_inc_link_count(new_dir);
	}
	/* Step 3: the old name goes (or becomes the whiteout). */
	if (whiteout) {
		vexfs_set_entry(old_dir, old_bh, old_de, whiteout, false);
		unlock_new_inode(whiteout);
		iput(whiteout);
		whiteout = NULL;
	} else {
		vexfs_delete_entry(old_dir, old_bh, old_de);
	}
	if (is_dir)
		vexfs_dec_link(old_dir, 2);
	if (held)
		drop_nlink(old_inode);
	VEXFS_I(old_inode)->i_parent = new_dir->i_ino;
	vexfs_ctime_now(old_inode);
	mark_inode_dirty(old_inode);
	brelse(old_bh);
	return 0;

out_undo:
	if (held) {
		drop_nlink(old_inode);
		mark_inode_dirty(old_inode);
	}
	brelse(old_bh);
out_whiteout:
	if (whiteout) {
		clear_nlink(whiteout);
		discard_new_inode(whiteout);
	}
	return err;
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
