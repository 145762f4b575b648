// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS block tree: maps a file's logical blocks through 12 direct, one
 * single-indirect and one double-indirect pointer, allocating on write
 * and freeing on truncation.
 */
#include <linux/buffer_head.h>
#include "vexfs.h"

/* Fills offsets[] with the path to logical block iblock; returns depth. */
static int vexfs_block_path(sector_t iblock, u32 offsets[3])
{
	const u64 per = VEXFS_ADDR_PER_BLOCK;

	if (iblock < VEXFS_NDIR_BLOCKS) {
		offsets[0] = iblock;
		return 1;
	}
	iblock -= VEXFS_NDIR_BLOCKS;
	if (iblock < per) {
		offsets[0] = VEXFS_IND_BLOCK;
		offsets[1] = iblock;
		return 2;
	}
	iblock -= per;
	if (iblock < per * per) {
		offsets[0] = VEXFS_DIND_BLOCK;
		offsets[1] = (u32)iblock / per;
		offsets[2] = (u32)iblock % per;
		return 3;
	}
	return 0;
}

/* Allocates a block; zeroes it through the buffer cache if asked. */
static int vexfs_alloc_tree_block(struct inode *inode, bool zero, u32 *blk)
{
	struct super_block *sb = inode->i_sb;
	struct buffer_head *bh;
	int err;

	err = vexfs_new_block(sb, blk);
	if (err)
		return err;
	inode->i_blocks += VEXFS_BLOCK_SIZE >> 9;
	if (!zero)
		return 0;
	bh = sb_getblk(sb, *blk);
	if (!bh) {
		vexfs_free_block(sb, *blk);
		inode->i_blocks -= VEXFS_BLOCK_SIZE >> 9;
		return -ENOMEM;
	}
	lock_buffer(bh);
	memset(bh->b_data, 0, VEXFS_BLOCK_SIZE);
	set_buffer_uptodate(bh);
	unlock_buffer(bh);
	mark_buffer_dirty(bh);
	brelse(bh);
	return 0;
}

static int vexfs_check_ptr(struct inode *inode, u32 blk)
{
	if (vexfs_valid_block(inode->i_sb, blk))
		return 0;
	/* A damaged pointer: reported, then treated as the end of the tree. */
	vexfs_corrupt(inode->i_sb, inode->i_ino, "points to invalid block %u",
		      blk);
	return -EFSCORRUPTED;
}

/*
 * Maps logical block iblock of inode to a device block (*blk, 0 for a
 * hole). With create, missing blocks are allocated; *new then tells that
 * the data block is fresh (indirect blocks are zeroed here, data blocks are
 * left to the caller). Indirect blocks are zeroed when allocated.
 */
int vexfs_map_block(struct inode *inode, sector_t iblock, bool create, u32 *blk,
		    bool *new)
{
	struct vexfs_inode_info *vi = VEXFS_I(inode);
	struct super_block *sb = inode->i_sb;
	struct buffer_head *bh = NULL;
	u32 offsets[3], cur = 0, next;
	int depth, level, err = 0;
	__le32 *p;

	*blk = 0;
	*new = false;
	depth = vexfs_block_path(iblock, offsets);
	if (!depth)
		return create ? -EFBIG : 0;

	mutex_lock(&vi->map_lock);
	p = &vi->i_data[offsets[0]];
	for (level = 0; level < depth; level++) {
		if (level > 0) {
			bh = sb_bread(sb, cur);
			if (!bh) {
				err = -EIO;
				goto out;
			}
			p = (__le32 *)bh->b_data + offsets[level];
		}
		next = le32_to_cpu(*p);
		if (next) {
			err = vexfs_check_ptr(inode, next);
			if (err)
				goto out;
		} else {
			if (!create)
				goto out;
			err = vexfs_alloc_tree_block(inode, level < depth - 1,
						     &next);
			if (err)
				goto out;
			if (bh) {
				lock_buffer(bh);
				*p = cpu_to_le32(next);
				unlock_buffer(bh);
				mark_buffer_dirty(bh);
			} else {
				*p = cpu_to_le32(next);
			}
			mark_inode_dirty(inode);
			if (level == depth - 1)
				*new = true;
		}
		brelse(bh);
		bh = NULL;
		cur = next;
	}
	*blk = cur;
out:
	brelse(bh);
	mutex_unlock(&vi->map_lock);
	return err;
}

/*
 * Like vexfs_map_block without create, for SEEK_DATA/SEEK_HOLE: *blk is the
 * device block of iblock (0 for a hole) and *span how many logical blocks
 * from iblock on share that answer's pointer level (a missing indirect
 * block makes the whole range it would map a hole).
 */
int vexfs_probe_block(struct inode *inode, sector_t iblock, u32 *blk, u64 *span)
{
	static const u64 spans[3] = { 1, VEXFS_ADDR_PER_BLOCK,
				      VEXFS_ADDR_PER_BLOCK *
					      VEXFS_ADDR_PER_BLOCK };
	struct vexfs_inode_info *vi = VEXFS_I(inode);
	struct buffer_head *bh = NULL;
	u32 offsets[3], cur = 0, next;
	int depth, level, err = 0;
	__le32 *p;

	*blk = 0;
	*span = 1;
	depth = vexfs_block_path(iblock, offsets);
	if (!depth) {
		*span = U64_MAX;
		return 0;
	}
	mutex_lock(&vi->map_lock);
	p = &vi->i_data[offsets[0]];
	for (level = 0; level < depth; level++) {
		if (level > 0) {
			bh = sb_bread(inode->i_sb, cur);
			if (!bh) {
				err = -EIO;
				goto out;
			}
			p = (__le32 *)bh->b_data + offsets[level];
		}
		next = le32_to_cpu(*p);
		brelse(bh);
		bh = NULL;
		if (!next) {
			u64 s = spans[depth - 1 - level];
			u64 below = level + 1 < depth ? offsets[level + 1] : 0;

			if (level + 2 < depth)
				below = below * VEXFS_ADDR_PER_BLOCK +
					offsets[level + 2];
			*span = s - below;
			goto out;
		}
		err = vexfs_check_ptr(inode, next);
		if (err)
			goto out;
		cur = next;
	}
	*blk = cur;
out:
	mutex_unlock(&vi->map_lock);
	return err;
}

int vexfs_get_block(struct inode *inode, sector_t iblock,
		    struct buffer_head *bh, int create)
{
	bool new;
	u32 blk;
	int err;

	err = vexfs_map_block(inode, iblock, create, &blk, &new);
	if (err || !blk)
		return err;
	map_bh(bh, inode->i_sb, blk);
	if (new)
		set_buffer_new(bh);
	return 0;
}

/*
 * Frees the data blocks from relative logical block from onwards in the
 * tree rooted at *p of the given depth (0 = a data block), and the root
 * itself when from is 0.
 */
static void vexfs_free_tree(struct inode *inode, __le32 *p, int depth, u64 from)
{
	struct super_block *sb = inode->i_sb;
	u32 blk = le32_to_cpu(*p);
	struct buffer_head *bh;
	u64 span;
	u32 i;

	if (!blk || vexfs_check_ptr(inode, blk))
		return;
	if (depth > 0) {
		span = depth == 1 ? 1 : VEXFS_ADDR_PER_BLOCK;
		bh = sb_bread(sb, blk);
		if (!bh) {
			pr_err_ratelimited(
				"vexfs: %s: cannot read indirect block %u\n",
				sb->s_id, blk);
			return;
		}
		for (i = from / span; i < VEXFS_ADDR_PER_BLOCK; i++) {
			__le32 *e = (__le32 *)bh->b_data + i;
			u64 sub = i == from / span ? from % span : 0;

			if (!*e)
				continue;
			vexfs_free_tree(inode, e, depth - 1, sub);
			mark_buffer_dirty(bh);
		}
		cond_resched();
		if (from)
			brelse(bh);
		else
			bforget(bh);
	}
	if (from == 0) {
		vexfs_free_block(sb, blk);
		inode->i_blocks -= VEXFS_BLOCK_SIZE >> 9;
		*p = 0;
	}
}

/* Frees every block past size; the page cache is already truncated. */
void vexfs_truncate_blocks(struct inode *inode, loff_t size)
{
	struct vexfs_inode_info *vi = VEXFS_I(inode);
	const u64 per = VEXFS_ADDR_PER_BLOCK;
	u64 first;
	u32 i;

	/* iget refuses negative sizes; never let one wrap into a free. */
	if (size < 0)
		return;
	first = DIV_ROUND_UP((u64)size, VEXFS_BLOCK_SIZE);

	mutex_lock(&vi->map_lock);
	for (i = first; i < VEXFS_NDIR_BLOCKS; i++)
		vexfs_free_tree(inode, &vi->i_data[i], 0, 0);
	if (first < VEXFS_NDIR_BLOCKS + per)
		vexfs_free_tree(inode, &vi->i_data[VEXFS_IND_BLOCK], 1,
				first > VEXFS_NDIR_BLOCKS ?
					first - VEXFS_NDIR_BLOCKS :
					0);
	if (first < VEXFS_NDIR_BLOCKS + per + per * per)
		vexfs_free_tree(inode, &vi->i_data[VEXFS_DIND_BLOCK], 2,
				first > VEXFS_NDIR_BLOCKS + per ?
					first - VEXFS_NDIR_BLOCKS - per :
					0);
	mutex_unlock(&vi->map_lock);
	mark_inode_dirty(inode);
}

#if IS_ENABLED(CONFIG_KUNIT)
#include "kunit/blockmap_kunit.c"
#endif
