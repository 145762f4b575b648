// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS inode attributes as the VFS changes them: setattr (a size change
 * goes through the block tree) and link counts that refuse to drop below
 * their floor. Reading and writing the inode table is in inode.c.
 */
#include <linux/pagemap.h>
#include "vexfs.h"

/*
 * Drops a link, refusing to go below floor: 2 for a directory losing a
 * subdirectory (its own entry and "." stay), 0 otherwise. Damage (two
 * entries for a file with one link, a directory with a low count) is then
 * -EFSCORRUPTED and a logged error, never drop_nlink's warning or an inode
 * freed while an entry still names it. vexfs_can_dec_link checks first, so
 * an operation can be refused before it changes anything.
 */
bool vexfs_can_dec_link(struct inode *inode, unsigned int floor)
{
	if (inode->i_nlink > floor)
		return true;
	vexfs_corrupt(inode->i_sb, inode->i_ino,
		      "link count %u cannot drop below %u", inode->i_nlink,
		      floor);
	return false;
}

int vexfs_dec_link(struct inode *inode, unsigned int floor)
{
	if (!vexfs_can_dec_link(inode, floor))
		return -EFSCORRUPTED;
	inode_dec_link_count(inode);
	return 0;
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
