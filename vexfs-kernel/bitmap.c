// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS inode and block allocation: one bit per inode and per block.
 * All bitmap changes and the free counters are serialised by alloc_lock.
 */
#include <linux/bitops.h>
#include <linux/string.h>
#include "vexfs.h"

#define VEXFS_BITS_PER_BLOCK (VEXFS_BLOCK_SIZE * 8)

bool vexfs_valid_block(struct super_block *sb, u32 blk)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);

	return blk >= sbi->data_start && blk < sbi->block_count;
}

/*
 * Copies the free counters into the on-disk superblock buffer. A previous
 * failed write left it !uptodate with an I/O error: the in-memory copy is
 * still the truth, so it is marked good again (as ext4 does) instead of
 * letting mark_buffer_dirty warn; sync_fs reports the error.
 */
void vexfs_update_super(struct super_block *sb)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);

	if (buffer_write_io_error(sbi->sbh) || !buffer_uptodate(sbi->sbh)) {
		pr_err_ratelimited(
			"vexfs: %s: I/O error writing the superblock\n",
			sb->s_id);
		clear_buffer_write_io_error(sbi->sbh);
		set_buffer_uptodate(sbi->sbh);
	}
	lock_buffer(sbi->sbh);
	sbi->raw->s_free_blocks = cpu_to_le32(sbi->free_blocks);
	sbi->raw->s_free_inodes = cpu_to_le32(sbi->free_inodes);
	unlock_buffer(sbi->sbh);
	mark_buffer_dirty(sbi->sbh);
}

/* The set bits among the first len bits of a bitmap block. */
static u32 vexfs_bits_used(const void *data, u32 len)
{
	const u8 *b = data;
	u32 used = memweight(b, len / 8);

	if (len % 8)
		used += hweight8(b[len / 8] & ((1U << (len % 8)) - 1));
	return used;
}

/*
 * One step of the allocation scan, in the bitmap block holding *bit: the
 * first zero bit at or after *bit and below nbits, as a bit number, or
 * nbits when the block has none. Then *bit is where the scan goes on (the
 * next block, or bit 0 after the last) and *scanned counts the bits looked at.
 */
static u64 vexfs_scan_block(const void *data, u64 *bit, u64 nbits, u64 *scanned)
{
	u64 first = *bit - *bit % VEXFS_BITS_PER_BLOCK;
	u32 len = min_t(u64, VEXFS_BITS_PER_BLOCK, nbits - first);
	u32 off = *bit - first;
	unsigned long z = find_next_zero_bit_le(data, len, off);

	if (z < len)
		return first + z;
	*scanned += len - off;
	*bit = first + len < nbits ? first + len : 0;
	return nbits;
}

static int vexfs_count_zero(struct super_block *sb, u32 start, u32 blocks,
			    u64 nbits, u32 *count)
{
	u32 i, n = 0;

	for (i = 0; i < blocks; i++) {
		u64 first = (u64)i * VEXFS_BITS_PER_BLOCK;
		u32 len = min_t(u64, VEXFS_BITS_PER_BLOCK, nbits - first);
		struct buffer_head *bh;
		u32 used;

		if (first >= nbits)
			break;
		bh = sb_bread(sb, start + i);
		if (!bh) {
			pr_err("vexfs: %s: cannot read bitmap block %u\n",
			       sb->s_id, start + i);
			return -EIO;
		}
		used = vexfs_bits_used(bh->b_data, len);
		n += len - used;
		brelse(bh);
		cond_resched();
	}
	*count = n;
	return 0;
}

/* Recounts the free inodes and blocks from the bitmaps at mount. */
int vexfs_count_free(struct super_block *sb)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	int err;

	err = vexfs_count_zero(sb, sbi->bbmap_start, sbi->bbmap_blocks,
			       sbi->block_count, &sbi->free_blocks);
	if (err)
		return err;
	return vexfs_count_zero(sb, sbi->ibmap_start, sbi->ibmap_blocks,
				sbi->inode_count, &sbi->free_inodes);
}

/*
 * Finds a zero bit below nbits starting at hint, wrapping once, sets it
 * and returns its number in *found.
 */
static int vexfs_alloc_bit(struct super_block *sb, u32 start, u64 nbits,
			   u32 hint, u32 *found)
{
	u64 bit = hint < nbits ? hint : 0;
	u64 scanned = 0;

	while (scanned < nbits) {
		struct buffer_head *bh;
		u64 z;

		bh = sb_bread(sb, start + bit / VEXFS_BITS_PER_BLOCK);
		if (!bh)
			return -EIO;
		z = vexfs_scan_block(bh->b_data, &bit, nbits, &scanned);
		if (z < nbits) {
			lock_buffer(bh);
			__set_bit_le(z % VEXFS_BITS_PER_BLOCK, bh->b_data);
			unlock_buffer(bh);
			mark_buffer_dirty(bh);
			brelse(bh);
			*found = z;
			return 0;
		}
		brelse(bh);
		cond_resched();
	}
	return -ENOSPC;
}

/* 1 if the inode bitmap marks ino allocated, 0 if free, or -EIO. */
int vexfs_ino_in_use(struct super_block *sb, u32 ino)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	struct buffer_head *bh;
	int used;

	bh = sb_bread(sb, sbi->ibmap_start + ino / VEXFS_BITS_PER_BLOCK);
	if (!bh)
		return -EIO;
	used = test_bit_le(ino % VEXFS_BITS_PER_BLOCK, bh->b_data);
	brelse(bh);
	return used;
}

/*
 * Moves *first (a multiple of VEXFS_INODES_PER_BLOCK) to the first inode of
 * the next inode-table block, at or after it, that holds an inode the bitmap
 * marks allocated, or to inode_count when none is left. The mount-time scans
 * of the inode table then cost what is in use, not the table's size (65,536
 * inodes by default: 2,048 blocks read twice per mount).
 */
int vexfs_next_used_itable_block(struct super_block *sb, u32 *first)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	u32 ino = *first;

	while (ino < sbi->inode_count) {
		u32 base = rounddown(ino, VEXFS_BITS_PER_BLOCK);
		u32 end = min_t(u32, VEXFS_BITS_PER_BLOCK,
				sbi->inode_count - base);
		struct buffer_head *bh;
		unsigned long bit;

		bh = sb_bread(sb,
			      sbi->ibmap_start + base / VEXFS_BITS_PER_BLOCK);
		if (!bh)
			return -EIO;
		bit = find_next_bit_le(bh->b_data, end, ino - base);
		brelse(bh);
		if (bit < end) {
			*first = rounddown(base + (u32)bit,
					   VEXFS_INODES_PER_BLOCK);
			return 0;
		}
		ino = base + end;
	}
	*first = sbi->inode_count;
	return 0;
}

static int vexfs_clear_bit(struct super_block *sb, u32 start, u32 nr)
{
	struct buffer_head *bh =
		sb_bread(sb, start + nr / VEXFS_BITS_PER_BLOCK);
	int was_set;

	if (!bh)
		return -EIO;
	lock_buffer(bh);
	was_set =
		__test_and_clear_bit_le(nr % VEXFS_BITS_PER_BLOCK, bh->b_data);
	unlock_buffer(bh);
	mark_buffer_dirty(bh);
	brelse(bh);
	return was_set ? 0 : -EFSCORRUPTED;
}

int vexfs_new_block(struct super_block *sb, u32 *blk)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	int err = -ENOSPC;

	mutex_lock(&sbi->alloc_lock);
	if (sbi->free_blocks)
		err = vexfs_alloc_bit(sb, sbi->bbmap_start, sbi->block_count,
				      sbi->block_hint, blk);
	if (!err && !vexfs_valid_block(sb, *blk)) {
		pr_err("vexfs: %s: block bitmap allows metadata block %u\n",
		       sb->s_id, *blk);
		err = -EFSCORRUPTED;
	}
	if (!err) {
		sbi->free_blocks--;
		sbi->block_hint = *blk + 1;
		vexfs_update_super(sb);
	}
	mutex_unlock(&sbi->alloc_lock);
	return err;
}

void vexfs_free_block(struct super_block *sb, u32 blk)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);

	if (!vexfs_valid_block(sb, blk)) {
		pr_err("vexfs: %s: freeing invalid block %u\n", sb->s_id, blk);
		return;
	}
	mutex_lock(&sbi->alloc_lock);
	if (vexfs_clear_bit(sb, sbi->bbmap_start, blk)) {
		pr_err("vexfs: %s: freeing free block %u\n", sb->s_id, blk);
	} else {
		sbi->free_blocks++;
		vexfs_update_super(sb);
	}
	mutex_unlock(&sbi->alloc_lock);
}

int vexfs_new_ino(struct super_block *sb, u32 *ino)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	int err = -ENOSPC;

	mutex_lock(&sbi->alloc_lock);
	if (sbi->free_inodes)
		err = vexfs_alloc_bit(sb, sbi->ibmap_start, sbi->inode_count,
				      sbi->inode_hint, ino);
	if (!err && *ino <= VEXFS_ROOT_INO) {
		pr_err("vexfs: %s: inode bitmap allows reserved inode %u\n",
		       sb->s_id, *ino);
		err = -EFSCORRUPTED;
	}
	if (!err) {
		sbi->free_inodes--;
		sbi->inode_hint = *ino + 1;
		vexfs_update_super(sb);
	}
	mutex_unlock(&sbi->alloc_lock);
	return err;
}

void vexfs_free_ino(struct super_block *sb, u32 ino)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);

	if (ino <= VEXFS_ROOT_INO || ino >= sbi->inode_count) {
		pr_err("vexfs: %s: freeing invalid inode %u\n", sb->s_id, ino);
		return;
	}
	mutex_lock(&sbi->alloc_lock);
	if (vexfs_clear_bit(sb, sbi->ibmap_start, ino)) {
		pr_err("vexfs: %s: freeing free inode %u\n", sb->s_id, ino);
	} else {
		sbi->free_inodes++;
		vexfs_update_super(sb);
	}
	mutex_unlock(&sbi->alloc_lock);
}

#if IS_ENABLED(CONFIG_KUNIT)
#include "kunit/bitmap_kunit.c"
#endif
