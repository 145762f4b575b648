// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS rename: plain (and RENAME_NOREPLACE, which the VFS checks),
 * RENAME_EXCHANGE and RENAME_WHITEOUT, ordered so that a crash between the
 * on-disk steps never leaves a name whose inode is freed.
 */
#include "vexfs.h"

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
int vexfs_rename(VEXFS_IDMAP_T *idmap, struct inode *old_dir,
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
