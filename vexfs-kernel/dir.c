// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS directories: fixed 256-byte entries, 16 per block, d_ino 0 marks a
 * free slot. "." and ".." are not stored; readdir emits them. Directory
 * blocks go through the buffer cache; the caller holds the directory's
 * i_rwsem (shared for lookup and readdir, exclusive for changes). Entries
 * are checked where they are used: a damaged one is skipped by readdir and
 * refused by lookup. Long walks yield the CPU and stop on a fatal signal.
 */
#include <linux/sched/signal.h>
#include "vexfs.h"

static inline u32 vexfs_dir_blocks(struct inode *dir)
{
	return i_size_read(dir) >> VEXFS_BLOCK_BITS;
}

/* Between two directory blocks: -EINTR when the caller is being killed. */
static int vexfs_dir_yield(void)
{
	cond_resched();
	return fatal_signal_pending(current) ? -EINTR : 0;
}

/* A used slot whose inode number and name length are possible. */
static bool vexfs_entry_ok(struct inode *dir, const struct vexfs_dir_entry *de)
{
	u32 ino = le32_to_cpu(de->d_ino);

	if (ino >= VEXFS_ROOT_INO && ino < VEXFS_SB(dir->i_sb)->inode_count &&
	    de->d_name_len && de->d_name_len <= VEXFS_NAME_LEN)
		return true;
	vexfs_corrupt(dir->i_sb, dir->i_ino,
		      "directory entry names inode %u with name length %u", ino,
		      de->d_name_len);
	return false;
}

/* Reads directory block idx; NULL with *err 0 for a hole. */
static struct buffer_head *vexfs_dir_bread(struct inode *dir, u32 idx, int *err)
{
	struct buffer_head *bh;
	bool new;
	u32 blk;

	*err = vexfs_map_block(dir, idx, false, &blk, &new);
	if (*err || !blk)
		return NULL;
	bh = sb_bread(dir->i_sb, blk);
	if (!bh) {
		pr_err_ratelimited(
			"vexfs: %s: cannot read directory block %u of inode %llu\n",
			dir->i_sb->s_id, blk, (u64)dir->i_ino);
		*err = -EIO;
	}
	return bh;
}

static int vexfs_readdir(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file_inode(file);
	u32 nblocks = vexfs_dir_blocks(dir);
	u64 idx;
	int err;

	if (!dir_emit_dots(file, ctx))
		return 0;
	for (idx = ctx->pos - 2;
	     idx < (u64)nblocks * VEXFS_DIR_ENTRIES_PER_BLOCK;) {
		u32 blk = idx / VEXFS_DIR_ENTRIES_PER_BLOCK;
		u32 slot = idx % VEXFS_DIR_ENTRIES_PER_BLOCK;
		struct buffer_head *bh;

		err = vexfs_dir_yield();
		if (err)
			return err;
		bh = vexfs_dir_bread(dir, blk, &err);
		if (err)
			return err;
		for (; slot < VEXFS_DIR_ENTRIES_PER_BLOCK; slot++, idx++) {
			struct vexfs_dir_entry *de;

			if (!bh) {
				ctx->pos++;
				continue;
			}
			de = (struct vexfs_dir_entry *)bh->b_data + slot;
			if (de->d_ino && vexfs_entry_ok(dir, de) &&
			    !dir_emit(ctx, de->d_name, de->d_name_len,
				      le32_to_cpu(de->d_ino),
				      de->d_file_type)) {
				brelse(bh);
				return 0;
			}
			ctx->pos++;
		}
		brelse(bh);
	}
	return 0;
}

static bool vexfs_name_match(const struct qstr *name,
			     const struct vexfs_dir_entry *de)
{
	return de->d_ino && de->d_name_len == name->len &&
	       !memcmp(de->d_name, name->name, name->len);
}

/* Finds name in dir; returns the entry with its buffer held in *bhp. */
struct vexfs_dir_entry *vexfs_find_entry(struct inode *dir,
					 const struct qstr *name,
					 struct buffer_head **bhp)
{
	u32 nblocks = vexfs_dir_blocks(dir);
	u32 blk, slot;
	int err;

	*bhp = NULL;
	if (name->len > VEXFS_NAME_LEN)
		return ERR_PTR(-ENAMETOOLONG);
	for (blk = 0; blk < nblocks; blk++) {
		struct buffer_head *bh;

		err = vexfs_dir_yield();
		if (err)
			return ERR_PTR(err);
		bh = vexfs_dir_bread(dir, blk, &err);
		if (err)
			return ERR_PTR(err);
		if (!bh)
			continue;
		for (slot = 0; slot < VEXFS_DIR_ENTRIES_PER_BLOCK; slot++) {
			struct vexfs_dir_entry *de =
				(struct vexfs_dir_entry *)bh->b_data + slot;

			if (!vexfs_name_match(name, de))
				continue;
			if (!vexfs_entry_ok(dir, de)) {
				brelse(bh);
				return ERR_PTR(-EFSCORRUPTED);
			}
			*bhp = bh;
			return de;
		}
		brelse(bh);
	}
	return ERR_PTR(-ENOENT);
}

static void vexfs_fill_entry(struct vexfs_dir_entry *de,
			     const struct qstr *name, struct inode *inode)
{
	memset(de, 0, sizeof(*de));
	de->d_ino = cpu_to_le32(inode->i_ino);
	de->d_name_len = name->len;
	de->d_file_type = fs_umode_to_dtype(inode->i_mode);
	memcpy(de->d_name, name->name, name->len);
}

static void vexfs_dir_changed(struct inode *dir)
{
	vexfs_touch(dir);
	mark_inode_dirty(dir);
}

/* Adds name -> inode to dir, growing it by a block if every slot is used. */
int vexfs_add_entry(struct inode *dir, const struct qstr *name,
		    struct inode *inode)
{
	u32 nblocks = vexfs_dir_blocks(dir);
	struct buffer_head *bh;
	struct vexfs_dir_entry *de;
	u32 blk, slot, pblk;
	bool new;
	int err;

	if (name->len > VEXFS_NAME_LEN)
		return -ENAMETOOLONG;
	for (blk = 0; blk < nblocks; blk++) {
		err = vexfs_dir_yield();
		if (err)
			return err;
		bh = vexfs_dir_bread(dir, blk, &err);
		if (err)
			return err;
		if (!bh)
			continue;
		for (slot = 0; slot < VEXFS_DIR_ENTRIES_PER_BLOCK; slot++) {
			de = (struct vexfs_dir_entry *)bh->b_data + slot;
			if (!de->d_ino)
				goto found;
		}
		brelse(bh);
	}

	if ((u64)(nblocks + 1) << VEXFS_BLOCK_BITS > dir->i_sb->s_maxbytes)
		return -EFBIG;
	err = vexfs_map_block(dir, nblocks, true, &pblk, &new);
	if (err)
		return err;
	bh = sb_getblk(dir->i_sb, pblk);
	if (!bh)
		return -ENOMEM;
	lock_buffer(bh);
	memset(bh->b_data, 0, VEXFS_BLOCK_SIZE);
	set_buffer_uptodate(bh);
	unlock_buffer(bh);
	i_size_write(dir, (loff_t)(nblocks + 1) << VEXFS_BLOCK_BITS);
	de = (struct vexfs_dir_entry *)bh->b_data;
found:
	lock_buffer(bh);
	vexfs_fill_entry(de, name, inode);
	unlock_buffer(bh);
	mark_buffer_dirty(bh);
	brelse(bh);
	vexfs_dir_changed(dir);
	return 0;
}

int vexfs_delete_entry(struct inode *dir, struct buffer_head *bh,
		       struct vexfs_dir_entry *de)
{
	lock_buffer(bh);
	memset(de, 0, sizeof(*de));
	unlock_buffer(bh);
	mark_buffer_dirty(bh);
	vexfs_dir_changed(dir);
	return 0;
}

/*
 * Points an existing entry at another inode (rename over a target, the
 * whiteout, an exchange). With sync the block is on disk before return, so
 * a later step of the same rename cannot reach the disk before it.
 */
int vexfs_set_entry(struct inode *dir, struct buffer_head *bh,
		    struct vexfs_dir_entry *de, struct inode *inode, bool sync)
{
	int err = 0;

	lock_buffer(bh);
	de->d_ino = cpu_to_le32(inode->i_ino);
	de->d_file_type = fs_umode_to_dtype(inode->i_mode);
	unlock_buffer(bh);
	mark_buffer_dirty(bh);
	if (sync) {
		err = sync_dirty_buffer(bh);
		if (!err && buffer_write_io_error(bh))
			err = -EIO;
	}
	vexfs_dir_changed(dir);
	return err;
}

/* 1 if dir has no entries, 0 if it has some, or the error reading it. */
int vexfs_dir_empty(struct inode *dir)
{
	u32 nblocks = vexfs_dir_blocks(dir);
	u32 blk, slot;
	int err;

	for (blk = 0; blk < nblocks; blk++) {
		struct buffer_head *bh;

		err = vexfs_dir_yield();
		if (err)
			return err;
		bh = vexfs_dir_bread(dir, blk, &err);
		if (err)
			return err;
		if (!bh)
			continue;
		for (slot = 0; slot < VEXFS_DIR_ENTRIES_PER_BLOCK; slot++) {
			struct vexfs_dir_entry *de =
				(struct vexfs_dir_entry *)bh->b_data + slot;

			if (de->d_ino) {
				brelse(bh);
				return 0;
			}
		}
		brelse(bh);
	}
	return 1;
}

const struct file_operations vexfs_dir_operations = {
	.llseek = generic_file_llseek,
	.read = generic_read_dir,
	.iterate_shared = vexfs_readdir,
	.fsync = vexfs_fsync,
	.unlocked_ioctl = vexfs_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};
