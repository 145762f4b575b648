// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS regular files: the page cache over buffer heads, with the generic
 * helpers doing the work; vexfs_get_block maps and allocates blocks.
 */
#include "vexfs.h"
#include <linux/blkdev.h>
#include <linux/mpage.h>
#include <linux/pagemap.h>
#include <linux/writeback.h>
#include "fault.h"

static int vexfs_read_folio(struct file *file, struct folio *folio)
{
	return block_read_full_folio(folio, vexfs_get_block);
}

static void vexfs_readahead(struct readahead_control *rac)
{
	mpage_readahead(rac, vexfs_get_block);
}

static int vexfs_writepages(struct address_space *mapping,
			    struct writeback_control *wbc)
{
	if (vexfs_fault_lost_write())
		return 0;
	return mpage_writepages(mapping, wbc, vexfs_get_block);
}

/* A failed or short write must not leave blocks allocated past EOF. */
static void vexfs_write_failed(struct address_space *mapping, loff_t to)
{
	struct inode *inode = mapping->host;

	if (to > inode->i_size) {
		truncate_pagecache(inode, inode->i_size);
		vexfs_truncate_blocks(inode, inode->i_size);
	}
}

static int vexfs_write_begin(VEXFS_WB_FILE_T *file,
			     struct address_space *mapping, loff_t pos,
			     unsigned int len, VEXFS_WB_PAGE_T **pagep,
			     void **fsdata)
{
	int err;

	err = block_write_begin(mapping, pos, len, pagep, vexfs_get_block);
	if (err < 0)
		vexfs_write_failed(mapping, pos + len);
	return err;
}

static int vexfs_write_end(VEXFS_WB_FILE_T *file, struct address_space *mapping,
			   loff_t pos, unsigned int len, unsigned int copied,
			   VEXFS_WB_PAGE_T *page, void *fsdata)
{
	int ret;

	/* Updates i_size and dirties the inode; the caller updated mtime. */
	ret = generic_write_end(file, mapping, pos, len, copied, page, fsdata);
	if (ret < len)
		vexfs_write_failed(mapping, pos + len);
	return ret;
}

/*
 * Data through the page cache, then the inode, then every dirty metadata
 * buffer of the device (directory, indirect, bitmap and vector blocks are
 * not tracked per inode), then a cache flush.
 */
int vexfs_fsync(struct file *file, loff_t start, loff_t end, int datasync)
{
	struct inode *inode = file->f_mapping->host;
	struct super_block *sb = inode->i_sb;
	int err, err2;

	err = file_write_and_wait_range(file, start, end);
	if (err)
		return err;
	err = sync_inode_metadata(inode, 1);
	err2 = sync_blockdev(sb->s_bdev);
	if (!err)
		err = err2;
	err2 = blkdev_issue_flush(sb->s_bdev);
	return err ?: err2;
}

/*
 * First block at or after iblock, below end, that is data (want_data) or a
 * hole; end if there is none. Missing indirect blocks are skipped whole.
 */
static int vexfs_seek_block(struct inode *inode, u64 iblock, u64 end,
			    bool want_data, u64 *found)
{
	u64 span;
	u32 blk;
	int err;

	while (iblock < end) {
		err = vexfs_probe_block(inode, iblock, &blk, &span);
		if (err)
			return err;
		if (!!blk == want_data)
			break;
		iblock = span > end - iblock ? end : iblock + span;
		cond_resched();
	}
	*found = min(iblock, end);
	return 0;
}

/*
 * SEEK_DATA and SEEK_HOLE from the block tree. Written data has its blocks
 * (write_begin allocates them); dirty mmap pages are written back first so
 * their blocks exist too. Everything else is generic.
 */
static loff_t vexfs_llseek(struct file *file, loff_t offset, int whence)
{
	struct inode *inode = file_inode(file);
	u64 first, end, found;
	loff_t size, pos;
	int err;

	if (whence != SEEK_DATA && whence != SEEK_HOLE)
		return generic_file_llseek(file, offset, whence);
	inode_lock_shared(inode);
	size = i_size_read(inode);
	if (offset < 0 || offset >= size) {
		inode_unlock_shared(inode);
		return -ENXIO;
	}
	err = filemap_write_and_wait_range(inode->i_mapping, offset, size - 1);
	if (err)
		goto out;
	first = (u64)offset >> VEXFS_BLOCK_BITS;
	end = DIV_ROUND_UP((u64)size, VEXFS_BLOCK_SIZE);
	err = vexfs_seek_block(inode, first, end, whence == SEEK_DATA, &found);
	if (err)
		goto out;
	if (whence == SEEK_DATA && found >= end) {
		err = -ENXIO;
		goto out;
	}
	pos = found == first ? offset :
			       min_t(loff_t, found << VEXFS_BLOCK_BITS, size);
	if (whence == SEEK_HOLE && found >= end)
		pos = size;
out:
	inode_unlock_shared(inode);
	if (err)
		return err;
	return vfs_setpos(file, pos, inode->i_sb->s_maxbytes);
}

static sector_t vexfs_bmap(struct address_space *mapping, sector_t block)
{
	return generic_block_bmap(mapping, block, vexfs_get_block);
}

const struct address_space_operations vexfs_aops = {
	.dirty_folio = block_dirty_folio,
	.invalidate_folio = block_invalidate_folio,
	.read_folio = vexfs_read_folio,
	.readahead = vexfs_readahead,
	.writepages = vexfs_writepages,
	.write_begin = vexfs_write_begin,
	.write_end = vexfs_write_end,
	.bmap = vexfs_bmap,
	.migrate_folio = buffer_migrate_folio,
	.is_partially_uptodate = block_is_partially_uptodate,
};

const struct file_operations vexfs_file_operations = {
	.llseek = vexfs_llseek,
	.read_iter = generic_file_read_iter,
	.write_iter = generic_file_write_iter,
	.mmap = generic_file_mmap,
	.fsync = vexfs_fsync,
	.splice_read = VEXFS_SPLICE_READ,
	.splice_write = iter_file_splice_write,
	.unlocked_ioctl = vexfs_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

const struct inode_operations vexfs_file_inode_operations = {
	.setattr = vexfs_setattr,
};
