/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VexFS kernel-version shims: every LINUX_VERSION_CODE test of the module
 * lives here, so the other files read as one kernel API. Supported: 6.1,
 * 6.12 and the latest Debian kernel.
 */
#ifndef _VEXFS_COMPAT_H
#define _VEXFS_COMPAT_H

#include <linux/fs.h>
#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define VEXFS_IDMAP_T struct mnt_idmap
#define vexfs_file_idmap(f) file_mnt_idmap(f)
#define VEXFS_NOP_IDMAP (&nop_mnt_idmap)
#else
#define VEXFS_IDMAP_T struct user_namespace
#define vexfs_file_idmap(f) file_mnt_user_ns(f)
#define VEXFS_NOP_IDMAP (&init_user_ns)
#endif

static inline bool vexfs_inode_is_new(struct inode *inode)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
	return inode_state_read_once(inode) & I_NEW;
#else
	return inode->i_state & I_NEW;
#endif
}

static inline struct timespec64 vexfs_ctime_now(struct inode *inode)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
	return inode_set_ctime_current(inode);
#else
	inode->i_ctime = current_time(inode);
	return inode->i_ctime;
#endif
}

/* Sets ctime and mtime to now, as every content change does. */
static inline void vexfs_touch(struct inode *inode)
{
	struct timespec64 now = vexfs_ctime_now(inode);

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	inode_set_mtime_to_ts(inode, now);
#else
	inode->i_mtime = now;
#endif
}

static inline void vexfs_get_times(struct inode *inode, struct timespec64 *a,
				   struct timespec64 *m, struct timespec64 *c)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	*a = inode_get_atime(inode);
	*m = inode_get_mtime(inode);
	*c = inode_get_ctime(inode);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
	*a = inode->i_atime;
	*m = inode->i_mtime;
	*c = inode_get_ctime(inode);
#else
	*a = inode->i_atime;
	*m = inode->i_mtime;
	*c = inode->i_ctime;
#endif
}

static inline void vexfs_set_times(struct inode *inode, struct timespec64 a,
				   struct timespec64 m, struct timespec64 c)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	inode_set_atime_to_ts(inode, a);
	inode_set_mtime_to_ts(inode, m);
	inode_set_ctime_to_ts(inode, c);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
	inode->i_atime = a;
	inode->i_mtime = m;
	inode_set_ctime_to_ts(inode, c);
#else
	inode->i_atime = a;
	inode->i_mtime = m;
	inode->i_ctime = c;
#endif
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
#define VEXFS_WB_FILE_T const struct kiocb
#else
#define VEXFS_WB_FILE_T struct file
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define VEXFS_WB_PAGE_T struct folio
#else
#define VEXFS_WB_PAGE_T struct page
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#define VEXFS_SPLICE_READ filemap_splice_read
#else
#define VEXFS_SPLICE_READ generic_file_splice_read
#endif

/* mkdir returns a dentry (NULL: the one passed in) from 6.15 on. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
#define VEXFS_MKDIR_RET struct dentry *
#define VEXFS_MKDIR_RETURN(err) ERR_PTR(err)
#else
#define VEXFS_MKDIR_RET int
#define VEXFS_MKDIR_RETURN(err) (err)
#endif

#endif /* _VEXFS_COMPAT_H */
