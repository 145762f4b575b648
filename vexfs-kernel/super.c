// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS superblock: mount through fs_context (the superblock's checks are
 * in check.c), orphan reclaim, statfs, sync and unmount.
 */
#include <linux/blkdev.h>
#include <linux/fs_context.h>
#include <linux/slab.h>
#include <linux/statfs.h>
#include "fault.h"
#include "vexfs.h"

DEFINE_MUTEX(vexfs_mount_lock);
LIST_HEAD(vexfs_mount_list);

static int vexfs_sync_fs(struct super_block *sb, int wait)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	int err = 0;

	if (vexfs_fault_lost_write())
		return 0;
	mutex_lock(&sbi->alloc_lock);
	vexfs_update_super(sb);
	mutex_unlock(&sbi->alloc_lock);
	if (wait) {
		err = sync_dirty_buffer(sbi->sbh);
		if (!err && buffer_write_io_error(sbi->sbh))
			err = -EIO;
		if (err)
			pr_err_ratelimited(
				"vexfs: %s: cannot write the superblock: %d\n",
				sb->s_id, err);
	}
	return err;
}

static void vexfs_put_super(struct super_block *sb)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);

	mutex_lock(&vexfs_mount_lock);
	list_del(&sbi->mounts);
	mutex_unlock(&vexfs_mount_lock);
	if (!sb_rdonly(sb))
		vexfs_sync_fs(sb, 1);
	vexfs_index_free(&sbi->index);
	brelse(sbi->sbh);
	sb->s_fs_info = NULL;
	kfree(sbi);
}

static int vexfs_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	struct super_block *sb = dentry->d_sb;
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	u64 id = huge_encode_dev(sb->s_bdev->bd_dev);

	buf->f_type = VEXFS_MAGIC;
	buf->f_bsize = VEXFS_BLOCK_SIZE;
	buf->f_frsize = VEXFS_BLOCK_SIZE;
	buf->f_blocks = sbi->block_count;
	buf->f_bfree = sbi->free_blocks;
	buf->f_bavail = sbi->free_blocks;
	buf->f_files = sbi->inode_count;
	buf->f_ffree = sbi->free_inodes;
	buf->f_namelen = VEXFS_NAME_LEN;
	buf->f_fsid = u64_to_fsid(id);
	return 0;
}

static const struct super_operations vexfs_super_ops = {
	.alloc_inode = vexfs_alloc_inode,
	.free_inode = vexfs_free_inode,
	.write_inode = vexfs_write_inode,
	.evict_inode = vexfs_evict_inode,
	.put_super = vexfs_put_super,
	.sync_fs = vexfs_sync_fs,
	.statfs = vexfs_statfs,
};

static int vexfs_read_super(struct super_block *sb)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	struct vexfs_super_block *raw;
	int err;

	sbi->sbh = sb_bread(sb, 0);
	if (!sbi->sbh) {
		pr_err("vexfs: %s: cannot read the superblock\n", sb->s_id);
		return -EIO;
	}
	raw = (struct vexfs_super_block *)sbi->sbh->b_data;
	sbi->raw = raw;
	sbi->dim = le32_to_cpu(raw->s_vector_dim);
	sbi->block_count = le64_to_cpu(raw->s_block_count);
	sbi->inode_count = le32_to_cpu(raw->s_inode_count);
	sbi->ibmap_start = le32_to_cpu(raw->s_inode_bitmap_start);
	sbi->ibmap_blocks = le32_to_cpu(raw->s_inode_bitmap_blocks);
	sbi->bbmap_start = le32_to_cpu(raw->s_block_bitmap_start);
	sbi->bbmap_blocks = le32_to_cpu(raw->s_block_bitmap_blocks);
	sbi->itable_start = le32_to_cpu(raw->s_inode_table_start);
	sbi->vtable_start = le32_to_cpu(raw->s_vector_table_start);
	sbi->data_start = le32_to_cpu(raw->s_data_start);
	err = vexfs_check_super(sb, raw,
				bdev_nr_bytes(sb->s_bdev) >> VEXFS_BLOCK_BITS);
	if (err)
		return err;
	return vexfs_count_free(sb);
}

/*
 * Frees what a crash left allocated: inodes with no links (O_TMPFILE
 * files, files unlinked while open) are evicted, which frees their blocks
 * and vector; an allocated bit whose inode was never written is cleared.
 */
static int vexfs_reclaim_orphans(struct super_block *sb)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	u32 first, i, found = 0;

	for (first = 0;; first += VEXFS_INODES_PER_BLOCK) {
		u32 orphans[VEXFS_INODES_PER_BLOCK], n = 0;
		struct buffer_head *bh;
		int err = vexfs_next_used_itable_block(sb, &first);

		if (err)
			return err;
		if (first >= sbi->inode_count)
			break;
		bh = sb_bread(sb, sbi->itable_start +
					  first / VEXFS_INODES_PER_BLOCK);
		if (!bh)
			return -EIO;
		for (i = 0;
		     i < VEXFS_INODES_PER_BLOCK && first + i < sbi->inode_count;
		     i++) {
			struct vexfs_inode *raw =
				(struct vexfs_inode *)bh->b_data + i;

			if (first + i > VEXFS_ROOT_INO && !raw->i_links_count)
				orphans[n++] = first + i;
		}
		brelse(bh);
		for (i = 0; i < n; i++) {
			struct inode *inode;
			int used = vexfs_ino_in_use(sb, orphans[i]);

			if (used < 0)
				return used;
			if (!used)
				continue;
			found++;
			inode = vexfs_iget_orphan(sb, orphans[i]);
			if (IS_ERR(inode))
				vexfs_free_ino(sb, orphans[i]);
			else
				iput(inode); /* no links: evict frees it */
		}
		cond_resched();
	}
	if (found)
		pr_info("vexfs: %s: freed %u inodes left allocated without links\n",
			sb->s_id, found);
	return 0;
}

static int vexfs_fill_super(struct super_block *sb, struct fs_context *fc)
{
	struct vexfs_sb_info *sbi;
	struct inode *root;
	int err;

	sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);
	if (!sbi)
		return -ENOMEM;
	mutex_init(&sbi->alloc_lock);
	INIT_LIST_HEAD(&sbi->mounts);
	atomic64_set(&sbi->searches, 0);
	sb->s_fs_info = sbi;
	strscpy(sbi->devname, sb->s_id, sizeof(sbi->devname));

	if (!sb_set_blocksize(sb, VEXFS_BLOCK_SIZE)) {
		pr_err("vexfs: %s: device cannot use 4096-byte blocks\n",
		       sb->s_id);
		err = -EINVAL;
		goto fail;
	}
	err = vexfs_read_super(sb);
	if (err)
		goto fail;
	err = vexfs_index_load(sb);
	if (err)
		goto fail;

	sb->s_magic = VEXFS_MAGIC;
	sb->s_op = &vexfs_super_ops;
	sb->s_maxbytes = (loff_t)(VEXFS_NDIR_BLOCKS + VEXFS_ADDR_PER_BLOCK +
				  VEXFS_ADDR_PER_BLOCK * VEXFS_ADDR_PER_BLOCK)
			 << VEXFS_BLOCK_BITS;
	sb->s_max_links = U16_MAX;
	sb->s_time_gran = 1;
	sb->s_time_min = S64_MIN;
	sb->s_time_max = S64_MAX;

	root = vexfs_iget(sb, VEXFS_ROOT_INO);
	if (IS_ERR(root)) {
		err = PTR_ERR(root);
		goto fail_index;
	}
	if (!S_ISDIR(root->i_mode) || root->i_nlink < 2) {
		iput(root);
		err = vexfs_bad(sb, "root inode is not a directory");
		goto fail_index;
	}
	sb->s_root = d_make_root(root);
	if (!sb->s_root) {
		err = -ENOMEM;
		goto fail_index;
	}
	if (!sb_rdonly(sb)) {
		err = vexfs_reclaim_orphans(sb);
		if (err)
			goto fail_root;
	}

	vexfs_fault_mount();
	mutex_lock(&vexfs_mount_lock);
	list_add_tail(&sbi->mounts, &vexfs_mount_list);
	mutex_unlock(&vexfs_mount_lock);
	pr_info("vexfs: %s: mounted, dim %u, %u inodes, %llu blocks, %u vectors\n",
		sb->s_id, sbi->dim, sbi->inode_count, sbi->block_count,
		sbi->index.count);
	return 0;

fail_root:
	dput(sb->s_root);
	sb->s_root = NULL;
fail_index:
	vexfs_index_free(&sbi->index);
fail:
	brelse(sbi->sbh);
	sb->s_fs_info = NULL;
	kfree(sbi);
	return err;
}

static int vexfs_get_tree(struct fs_context *fc)
{
	return get_tree_bdev(fc, vexfs_fill_super);
}

static const struct fs_context_operations vexfs_context_ops = {
	.get_tree = vexfs_get_tree,
};

static int vexfs_init_fs_context(struct fs_context *fc)
{
	fc->ops = &vexfs_context_ops;
	return 0;
}

struct file_system_type vexfs_fs_type = {
	.owner = THIS_MODULE,
	.name = "vexfs",
	.init_fs_context = vexfs_init_fs_context,
	.kill_sb = kill_block_super,
	.fs_flags = FS_REQUIRES_DEV,
};
MODULE_ALIAS_FS("vexfs");
