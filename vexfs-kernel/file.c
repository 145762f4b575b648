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

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
#define VEXFS_WB_FILE_T		const struct kiocb
#else
#define VEXFS_WB_FILE_T		struct file
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define VEXFS_WB_PAGE_T		struct folio
#else
#define VEXFS_WB_PAGE_T		struct page
#endif

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

static int vexfs_write_end(VEXFS_WB_FILE_T *file,
			   struct address_space *mapping, loff_t pos,
			   unsigned int len, unsigned int copied,
			   VEXFS_WB_PAGE_T *page, void *fsdata)
{
	struct inode *inode = mapping->host;
	int ret;

	ret = generic_write_end(file, mapping, pos, len, copied, page, fsdata);
	if (ret < len)
		vexfs_write_failed(mapping, pos + len);
	if (ret > 0) {
		vexfs_touch(inode);
		mark_inode_dirty(inode);
	}
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

static sector_t vexfs_bmap(struct address_space *mapping, sector_t block)
{
	return generic_block_bmap(mapping, block, vexfs_get_block);
}

const struct address_space_operations vexfs_aops = {
	.dirty_folio		= block_dirty_folio,
	.invalidate_folio	= block_invalidate_folio,
	.read_folio		= vexfs_read_folio,
	.readahead		= vexfs_readahead,
	.writepages		= vexfs_writepages,
	.write_begin		= vexfs_write_begin,
	.write_end		= vexfs_write_end,
	.bmap			= vexfs_bmap,
	.migrate_folio		= buffer_migrate_folio,
	.is_partially_uptodate	= block_is_partially_uptodate,
};

const struct file_operations vexfs_file_operations = {
	.llseek		= generic_file_llseek,
	.read_iter	= generic_file_read_iter,
	.write_iter	= generic_file_write_iter,
	.mmap		= generic_file_mmap,
	.fsync		= vexfs_fsync,
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	.splice_read	= filemap_splice_read,
#else
	.splice_read	= generic_file_splice_read,
#endif
	.splice_write	= iter_file_splice_write,
	.unlocked_ioctl	= vexfs_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

const struct inode_operations vexfs_file_inode_operations = {
	.setattr	= vexfs_setattr,
};
