// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS vector index: the dense in-memory array of one mount's vectors that
 * search.c scans, with an inode -> slot map. Its memory is capped at
 * VEXFS_INDEX_MAX_BYTES; allocations are __GFP_NOWARN so a large request
 * fails with an error to the caller, not a warning in the log.
 * The caller holds idx->lock for writing around put and del.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include "vexfs.h"

static size_t vexfs_index_size(u32 dim, u32 pos_len, u32 capacity)
{
	return (size_t)pos_len * sizeof(u32) +
	       (size_t)capacity * (dim + sizeof(u32));
}

int vexfs_index_init(struct vexfs_index *idx, u32 dim, u32 inode_count)
{
	init_rwsem(&idx->lock);
	idx->dim = dim;
	idx->count = 0;
	idx->capacity = 0;
	idx->inos = NULL;
	idx->vecs = NULL;
	idx->pos_len = inode_count;
	if (vexfs_index_size(dim, inode_count, 0) > VEXFS_INDEX_MAX_BYTES)
		return -EFBIG;
	idx->pos = kvcalloc(inode_count, sizeof(*idx->pos),
			    GFP_KERNEL | __GFP_NOWARN);
	return idx->pos ? 0 : -ENOMEM;
}

static int vexfs_index_grow(struct vexfs_index *idx)
{
	u32 cap = idx->capacity ? idx->capacity * 2 : 64;
	u32 *inos;
	s8 *vecs;

	if (cap > idx->pos_len || cap < idx->capacity)
		cap = idx->pos_len;
	while (cap > idx->count &&
	       vexfs_index_size(idx->dim, idx->pos_len, cap) >
		       VEXFS_INDEX_MAX_BYTES)
		cap = idx->count + (cap - idx->count) / 2;
	if (cap <= idx->count)
		return -ENOSPC;
	inos = kvmalloc_array(cap, sizeof(*inos), GFP_KERNEL | __GFP_NOWARN);
	vecs = kvmalloc_array(cap, idx->dim, GFP_KERNEL | __GFP_NOWARN);
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

/* Inserts or replaces the vector of ino. */
int vexfs_index_put(struct vexfs_index *idx, u32 ino, const s8 *vec)
{
	u32 slot;
	int err;

	if (ino >= idx->pos_len)
		return -EFSCORRUPTED;
	slot = idx->pos[ino];
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
void vexfs_index_del(struct vexfs_index *idx, u32 ino)
{
	u32 slot, last;

	if (ino >= idx->pos_len)
		return;
	slot = idx->pos[ino];
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
	n = vexfs_index_size(idx->dim, idx->pos_len, idx->capacity);
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
