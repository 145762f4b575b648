// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS vectors on disk: one int8 vector of the filesystem's dimension per
 * regular file, stored in the vector table (slot ino * dim) and flagged in
 * the inode. At mount every flagged vector of an allocated inode is loaded
 * into the in-memory index (vector_index.c) that search.c scans.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include "vexfs.h"

/* Reads or writes (buf NULL: zeroes) the vector-table slot of ino. */
static int vexfs_slot_io(struct super_block *sb, u32 ino, s8 *buf, bool write)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	u64 off = (u64)ino * sbi->dim;
	u32 done = 0;
	int err = 0;

	while (done < sbi->dim) {
		u32 blk = sbi->vtable_start + (off + done) / VEXFS_BLOCK_SIZE;
		u32 boff = (off + done) % VEXFS_BLOCK_SIZE;
		u32 n = min_t(u32, sbi->dim - done, VEXFS_BLOCK_SIZE - boff);
		struct buffer_head *bh = sb_bread(sb, blk);

		if (!bh) {
			pr_err_ratelimited(
				"vexfs: %s: cannot read vector block %u\n",
				sb->s_id, blk);
			return -EIO;
		}
		if (write) {
			lock_buffer(bh);
			if (buf)
				memcpy(bh->b_data + boff, buf + done, n);
			else
				memset(bh->b_data + boff, 0, n);
			unlock_buffer(bh);
			mark_buffer_dirty(bh);
			if (buffer_write_io_error(bh))
				err = -EIO;
		} else {
			memcpy(buf + done, bh->b_data + boff, n);
		}
		brelse(bh);
		done += n;
	}
	return err;
}

/* Loads the vectors of one inode-table block into the index. */
static int vexfs_load_block(struct super_block *sb, u32 first, s8 *vec)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	struct buffer_head *bh;
	int err = 0;
	u32 i;

	bh = sb_bread(sb, sbi->itable_start + first / VEXFS_INODES_PER_BLOCK);
	if (!bh)
		return -EIO;
	for (i = 0; i < VEXFS_INODES_PER_BLOCK && first + i < sbi->inode_count;
	     i++) {
		struct vexfs_inode *raw = (struct vexfs_inode *)bh->b_data + i;
		u32 ino = first + i;
		int used;

		if (!raw->i_links_count || !S_ISREG(le16_to_cpu(raw->i_mode)) ||
		    !(le32_to_cpu(raw->i_flags) & VEXFS_INODE_HAS_VECTOR))
			continue;
		/* A freed inode's stale flag must not pass to its next file. */
		used = vexfs_ino_in_use(sb, ino);
		if (used < 0) {
			err = used;
			break;
		}
		if (!used || ino <= VEXFS_ROOT_INO) {
			vexfs_corrupt(
				sb, ino,
				"has a vector but is free in the inode bitmap; vector ignored");
			continue;
		}
		err = vexfs_slot_io(sb, ino, vec, false);
		if (!err)
			err = vexfs_index_put(&sbi->index, ino, vec);
		if (err)
			break;
	}
	brelse(bh);
	return err;
}

/*
 * Reads every flagged vector of the inode table into the index. Blocks with
 * no allocated inode are not read: a stale flag there is never loaded, and
 * is written over when its inode is allocated again.
 */
int vexfs_index_load(struct super_block *sb)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	u32 ino;
	s8 *vec;
	int err;

	err = vexfs_index_init(&sbi->index, sbi->dim, sbi->inode_count);
	if (err == -EFBIG)
		pr_err("vexfs: %s: %u inodes need more index memory than the %llu MiB cap\n",
		       sb->s_id, sbi->inode_count, VEXFS_INDEX_MAX_BYTES >> 20);
	if (err)
		goto out_free;
	vec = kmalloc(sbi->dim, GFP_KERNEL);
	if (!vec) {
		err = -ENOMEM;
		goto out_free;
	}
	for (ino = 0; !err; ino += VEXFS_INODES_PER_BLOCK) {
		err = vexfs_next_used_itable_block(sb, &ino);
		if (err || ino >= sbi->inode_count)
			break;
		err = vexfs_load_block(sb, ino, vec);
		cond_resched();
	}
	kfree(vec);
	if (err == -ENOSPC)
		pr_err("vexfs: %s: the vectors exceed the index cap of %llu MiB\n",
		       sb->s_id, VEXFS_INDEX_MAX_BYTES >> 20);
out_free:
	if (err)
		vexfs_index_free(&sbi->index);
	return err;
}

int vexfs_vector_set(struct inode *inode, const s8 *vec)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(inode->i_sb);
	struct vexfs_index *idx = &sbi->index;
	int err;

	down_write(&idx->lock);
	err = vexfs_index_put(idx, inode->i_ino, vec);
	if (err == -ENOSPC)
		pr_warn_ratelimited(
			"vexfs: %s: vector index full (cap %llu MiB)\n",
			inode->i_sb->s_id, VEXFS_INDEX_MAX_BYTES >> 20);
	if (!err)
		err = vexfs_slot_io(inode->i_sb, inode->i_ino, (s8 *)vec, true);
	if (err) {
		if (!(VEXFS_I(inode)->i_flags & VEXFS_INODE_HAS_VECTOR))
			vexfs_index_del(idx, inode->i_ino);
	} else {
		VEXFS_I(inode)->i_flags |= VEXFS_INODE_HAS_VECTOR;
	}
	up_write(&idx->lock);
	if (!err) {
		vexfs_ctime_now(inode);
		mark_inode_dirty(inode);
	}
	return err;
}

int vexfs_vector_get(struct inode *inode, s8 *vec)
{
	struct vexfs_index *idx = &VEXFS_SB(inode->i_sb)->index;
	u32 slot;
	int err = -ENODATA;

	down_read(&idx->lock);
	slot = inode->i_ino < idx->pos_len ? idx->pos[inode->i_ino] : 0;
	if (slot) {
		memcpy(vec, idx->vecs + (size_t)(slot - 1) * idx->dim,
		       idx->dim);
		err = 0;
	}
	up_read(&idx->lock);
	return err;
}

/*
 * Drops the vector from the index and the disk: 1 if there was one, 0 if
 * not, or the error zeroing its slot (the index and flag are dropped anyway:
 * a stale slot is never read without the flag).
 */
static int vexfs_vector_drop(struct inode *inode)
{
	struct vexfs_index *idx = &VEXFS_SB(inode->i_sb)->index;
	int ret = 0;

	down_write(&idx->lock);
	if (VEXFS_I(inode)->i_flags & VEXFS_INODE_HAS_VECTOR) {
		vexfs_index_del(idx, inode->i_ino);
		VEXFS_I(inode)->i_flags &= ~VEXFS_INODE_HAS_VECTOR;
		ret = vexfs_slot_io(inode->i_sb, inode->i_ino, NULL, true) ?: 1;
	}
	up_write(&idx->lock);
	return ret;
}

int vexfs_vector_clear(struct inode *inode)
{
	int ret = vexfs_vector_drop(inode);

	if (ret != 0) {
		vexfs_ctime_now(inode);
		mark_inode_dirty(inode);
	}
	return ret < 0 ? ret : 0;
}

/* For a deleted inode being evicted: no inode update, it is freed next. */
void vexfs_vector_forget(struct inode *inode)
{
	int ret = vexfs_vector_drop(inode);

	if (ret < 0)
		pr_err_ratelimited(
			"vexfs: %s: inode %llu: cannot zero its vector slot: %d\n",
			inode->i_sb->s_id, (u64)inode->i_ino, ret);
}
