// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS vectors: one int8 vector of the filesystem's dimension per regular
 * file, stored in the vector table (slot ino * dim) and flagged in the
 * inode. Each mount keeps every vector in a dense in-memory array for
 * exact k-NN search (search.c) with integer arithmetic only.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include "vexfs.h"

/* Reads or writes the vector-table slot of ino, which may span blocks. */
static int vexfs_slot_io(struct super_block *sb, u32 ino, s8 *buf, bool write)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	u64 off = (u64)ino * sbi->dim;
	u32 done = 0;

	while (done < sbi->dim) {
		u32 blk = sbi->vtable_start + (off + done) / VEXFS_BLOCK_SIZE;
		u32 boff = (off + done) % VEXFS_BLOCK_SIZE;
		u32 n = min_t(u32, sbi->dim - done, VEXFS_BLOCK_SIZE - boff);
		struct buffer_head *bh = sb_bread(sb, blk);

		if (!bh) {
			pr_err("vexfs: %s: cannot read vector block %u\n",
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
		} else {
			memcpy(buf + done, bh->b_data + boff, n);
		}
		brelse(bh);
		done += n;
	}
	return 0;
}

static int vexfs_index_grow(struct vexfs_index *idx)
{
	u32 cap = idx->capacity ? idx->capacity * 2 : 64;
	u32 *inos;
	s8 *vecs;

	if (cap > idx->pos_len)
		cap = idx->pos_len;
	inos = kvmalloc_array(cap, sizeof(*inos), GFP_KERNEL);
	vecs = kvmalloc_array(cap, idx->dim, GFP_KERNEL);
	if (!inos || !vecs) {
		kvfree(inos);
		kvfree(vecs);
		return -ENOMEM;
	}
	if (idx->count) {
		memcpy(inos, idx->inos, idx->count * sizeof(*inos));
		memcpy(vecs, idx->vecs, (size_t)idx->count * idx->dim);
	}
	kvfree(idx->inos);
	kvfree(idx->vecs);
	idx->inos = inos;
	idx->vecs = vecs;
	idx->capacity = cap;
	return 0;
}

/* Inserts or replaces the vector of ino; the caller holds the lock. */
static int vexfs_index_put(struct vexfs_index *idx, u32 ino, const s8 *vec)
{
	u32 slot = idx->pos[ino];
	int err;

	if (slot) {
		memcpy(idx->vecs + (size_t)(slot - 1) * idx->dim, vec,
		       idx->dim);
		return 0;
	}
	if (idx->count == idx->capacity) {
		err = vexfs_index_grow(idx);
		if (err)
			return err;
	}
	idx->inos[idx->count] = ino;
	memcpy(idx->vecs + (size_t)idx->count * idx->dim, vec, idx->dim);
	idx->pos[ino] = ++idx->count;
	return 0;
}

/* Removes ino by moving the last vector into its slot. */
static void vexfs_index_del(struct vexfs_index *idx, u32 ino)
{
	u32 slot = idx->pos[ino], last;

	if (!slot)
		return;
	last = --idx->count;
	if (slot - 1 != last) {
		idx->inos[slot - 1] = idx->inos[last];
		memcpy(idx->vecs + (size_t)(slot - 1) * idx->dim,
		       idx->vecs + (size_t)last * idx->dim, idx->dim);
		idx->pos[idx->inos[slot - 1]] = slot;
	}
	idx->pos[ino] = 0;
}

void vexfs_index_free(struct vexfs_index *idx)
{
	kvfree(idx->inos);
	kvfree(idx->vecs);
	kvfree(idx->pos);
	idx->inos = NULL;
	idx->vecs = NULL;
	idx->pos = NULL;
	idx->count = 0;
	idx->capacity = 0;
}

size_t vexfs_index_bytes(struct vexfs_index *idx)
{
	size_t n;

	down_read(&idx->lock);
	n = (size_t)idx->capacity * (idx->dim + sizeof(u32)) +
	    (size_t)idx->pos_len * sizeof(u32);
	up_read(&idx->lock);
	return n;
}

u32 vexfs_index_count(struct vexfs_index *idx)
{
	u32 n;

	down_read(&idx->lock);
	n = idx->count;
	up_read(&idx->lock);
	return n;
}

/* Reads every flagged vector of the inode table into the index. */
int vexfs_index_load(struct super_block *sb)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	struct vexfs_index *idx = &sbi->index;
	u32 ino;
	s8 *vec;
	int err = 0;

	init_rwsem(&idx->lock);
	idx->dim = sbi->dim;
	idx->pos_len = sbi->inode_count;
	idx->pos = kvcalloc(idx->pos_len, sizeof(*idx->pos), GFP_KERNEL);
	vec = kmalloc(sbi->dim, GFP_KERNEL);
	if (!idx->pos || !vec) {
		err = -ENOMEM;
		goto out;
	}
	for (ino = 0; ino < sbi->inode_count; ino += VEXFS_INODES_PER_BLOCK) {
		struct buffer_head *bh;
		u32 i;

		bh = sb_bread(sb,
			      sbi->itable_start + ino / VEXFS_INODES_PER_BLOCK);
		if (!bh) {
			err = -EIO;
			goto out;
		}
		for (i = 0;
		     i < VEXFS_INODES_PER_BLOCK && ino + i < sbi->inode_count;
		     i++) {
			struct vexfs_inode *raw =
				(struct vexfs_inode *)bh->b_data + i;

			if (!raw->i_links_count ||
			    !S_ISREG(le16_to_cpu(raw->i_mode)) ||
			    !(le32_to_cpu(raw->i_flags) &
			      VEXFS_INODE_HAS_VECTOR))
				continue;
			err = vexfs_slot_io(sb, ino + i, vec, false);
			if (!err)
				err = vexfs_index_put(idx, ino + i, vec);
			if (err) {
				brelse(bh);
				goto out;
			}
		}
		brelse(bh);
		cond_resched();
	}
out:
	kfree(vec);
	if (err)
		vexfs_index_free(idx);
	return err;
}

int vexfs_vector_set(struct inode *inode, const s8 *vec)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(inode->i_sb);
	struct vexfs_index *idx = &sbi->index;
	int err;

	down_write(&idx->lock);
	err = vexfs_index_put(idx, inode->i_ino, vec);
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
	slot = idx->pos[inode->i_ino];
	if (slot) {
		memcpy(vec, idx->vecs + (size_t)(slot - 1) * idx->dim,
		       idx->dim);
		err = 0;
	}
	up_read(&idx->lock);
	return err;
}

/* Drops the vector from the index and the disk; false if there was none. */
static bool vexfs_vector_drop(struct inode *inode)
{
	struct vexfs_index *idx = &VEXFS_SB(inode->i_sb)->index;
	bool had;

	down_write(&idx->lock);
	had = VEXFS_I(inode)->i_flags & VEXFS_INODE_HAS_VECTOR;
	if (had) {
		vexfs_index_del(idx, inode->i_ino);
		VEXFS_I(inode)->i_flags &= ~VEXFS_INODE_HAS_VECTOR;
		vexfs_slot_io(inode->i_sb, inode->i_ino, NULL, true);
	}
	up_write(&idx->lock);
	return had;
}

int vexfs_vector_clear(struct inode *inode)
{
	if (vexfs_vector_drop(inode)) {
		vexfs_ctime_now(inode);
		mark_inode_dirty(inode);
	}
	return 0;
}

/* For a deleted inode being evicted: no inode update, it is freed next. */
void vexfs_vector_forget(struct inode *inode)
{
	vexfs_vector_drop(inode);
}
