/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VexFS internal definitions shared by the module's source files.
 */
#ifndef _VEXFS_H
#define _VEXFS_H

#include <linux/fs.h>
#include <linux/buffer_head.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/list.h>
#include <linux/atomic.h>
#include <linux/version.h>
#include <uapi/vexfs.h>

#define VEXFS_MODULE_VERSION	"1.0.0"

/* Blocks addressed by one indirect block. */
#define VEXFS_ADDR_PER_BLOCK	(VEXFS_BLOCK_SIZE / sizeof(__le32))
#define VEXFS_BLOCK_BITS	12

/* ---- kernel API differences between 6.1, 6.12 and later ---------------- */

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define VEXFS_IDMAP_T		struct mnt_idmap
#define vexfs_file_idmap(f)	file_mnt_idmap(f)
#define VEXFS_NOP_IDMAP		(&nop_mnt_idmap)
#else
#define VEXFS_IDMAP_T		struct user_namespace
#define vexfs_file_idmap(f)	file_mnt_user_ns(f)
#define VEXFS_NOP_IDMAP		(&init_user_ns)
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

/* ---- in-memory structures ---------------------------------------------- */

/* Dense array of the vectors of one mount; pos[ino] is slot + 1, 0 = none. */
struct vexfs_index {
	struct rw_semaphore lock;
	u32 dim;
	u32 count;
	u32 capacity;
	u32 *inos;
	s8 *vecs;
	u32 *pos;
	u32 pos_len;
};

struct vexfs_sb_info {
	struct buffer_head *sbh;
	struct vexfs_super_block *raw;
	u32 dim;
	u64 block_count;
	u32 inode_count;
	u32 ibmap_start;
	u32 ibmap_blocks;
	u32 bbmap_start;
	u32 bbmap_blocks;
	u32 itable_start;
	u32 vtable_start;
	u32 data_start;
	u32 free_blocks;
	u32 free_inodes;
	u32 block_hint;
	u32 inode_hint;
	struct mutex alloc_lock;	/* bitmaps, free counts, raw counters */
	struct vexfs_index index;
	atomic64_t searches;
	struct list_head mounts;	/* on vexfs_mount_list */
	char devname[VEXFS_DEVNAME_LEN];
};

struct vexfs_inode_info {
	__le32 i_data[VEXFS_N_BLOCKS];
	u32 i_flags;
	struct mutex map_lock;		/* block tree of this inode */
	struct inode vfs_inode;
};

static inline struct vexfs_sb_info *VEXFS_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

static inline struct vexfs_inode_info *VEXFS_I(struct inode *inode)
{
	return container_of(inode, struct vexfs_inode_info, vfs_inode);
}

/* ---- main.c / control.c ------------------------------------------------ */

extern struct file_system_type vexfs_fs_type;
extern struct mutex vexfs_mount_lock;
extern struct list_head vexfs_mount_list;
int vexfs_control_init(void);
void vexfs_control_exit(void);

/* ---- super.c ------------------------------------------------------------ */

struct inode *vexfs_alloc_inode(struct super_block *sb);
void vexfs_free_inode(struct inode *inode);
int vexfs_init_inode_cache(void);
void vexfs_destroy_inode_cache(void);

/* ---- bitmap.c ----------------------------------------------------------- */

int vexfs_count_free(struct super_block *sb);
int vexfs_new_block(struct super_block *sb, u32 *blk);
void vexfs_free_block(struct super_block *sb, u32 blk);
int vexfs_new_ino(struct super_block *sb, u32 *ino);
void vexfs_free_ino(struct super_block *sb, u32 ino);
bool vexfs_valid_block(struct super_block *sb, u32 blk);
void vexfs_update_super(struct super_block *sb);

/* ---- inode.c ------------------------------------------------------------ */

struct inode *vexfs_iget(struct super_block *sb, unsigned long ino);
struct inode *vexfs_new_inode(struct inode *dir, umode_t mode);
void vexfs_set_ops(struct inode *inode);
int vexfs_write_inode(struct inode *inode, struct writeback_control *wbc);
void vexfs_evict_inode(struct inode *inode);
int vexfs_map_block(struct inode *inode, sector_t iblock, bool create,
		    u32 *blk, bool *new);
int vexfs_get_block(struct inode *inode, sector_t iblock,
		    struct buffer_head *bh, int create);
void vexfs_truncate_blocks(struct inode *inode, loff_t size);
int vexfs_setattr(VEXFS_IDMAP_T *idmap, struct dentry *dentry,
		  struct iattr *attr);

/* ---- dir.c -------------------------------------------------------------- */

extern const struct file_operations vexfs_dir_operations;
struct vexfs_dir_entry *vexfs_find_entry(struct inode *dir,
					 const struct qstr *name,
					 struct buffer_head **bhp);
int vexfs_add_entry(struct inode *dir, const struct qstr *name,
		    struct inode *inode);
void vexfs_delete_entry(struct inode *dir, struct buffer_head *bh,
			struct vexfs_dir_entry *de);
void vexfs_set_entry(struct inode *dir, struct buffer_head *bh,
		     struct vexfs_dir_entry *de, struct inode *inode);
bool vexfs_dir_empty(struct inode *dir);

/* ---- namei.c ------------------------------------------------------------ */

extern const struct inode_operations vexfs_dir_inode_operations;

/* ---- file.c ------------------------------------------------------------- */

extern const struct file_operations vexfs_file_operations;
extern const struct inode_operations vexfs_file_inode_operations;
extern const struct address_space_operations vexfs_aops;
int vexfs_fsync(struct file *file, loff_t start, loff_t end, int datasync);

/* ---- vector.c ----------------------------------------------------------- */

int vexfs_index_load(struct super_block *sb);
void vexfs_index_free(struct vexfs_index *idx);
size_t vexfs_index_bytes(struct vexfs_index *idx);
u32 vexfs_index_count(struct vexfs_index *idx);
int vexfs_vector_set(struct inode *inode, const s8 *vec);
int vexfs_vector_get(struct inode *inode, s8 *vec);
int vexfs_vector_clear(struct inode *inode);
void vexfs_vector_forget(struct inode *inode);
int vexfs_search(struct super_block *sb, const s8 *query, u32 k, u32 metric,
		 struct vexfs_search_result *res, u32 *count);

/* ---- ioctl.c ------------------------------------------------------------ */

long vexfs_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

#endif /* _VEXFS_H */
