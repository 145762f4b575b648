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
#include <uapi/vexfs.h>
#include "compat.h"

#define VEXFS_MODULE_VERSION "1.0.0"

/* Blocks addressed by one indirect block. */
#define VEXFS_ADDR_PER_BLOCK (VEXFS_BLOCK_SIZE / sizeof(__le32))
#define VEXFS_BLOCK_BITS 12

/* What ext4, xfs and f2fs return for on-disk damage. */
#ifndef EFSCORRUPTED
#define EFSCORRUPTED EUCLEAN
#endif

/*
 * Memory the vector index of one mount may hold: the inode -> slot map
 * (4 bytes per inode) plus dim + 4 bytes per vector. A mount whose map alone
 * exceeds it is refused; a SET_VECTOR that would exceed it gets -ENOSPC.
 */
#define VEXFS_INDEX_MAX_BYTES (1ULL << 30)

/* Deepest directory chain search follows from a file up to the root. */
#define VEXFS_MAX_DEPTH 4096

/* Damage found on disk: rate-limited, naming the device and the inode. */
#define vexfs_corrupt(sb, ino, fmt, ...)                                     \
	pr_err_ratelimited("vexfs: %s: inode %llu: " fmt                     \
			   " (image damaged; copy the data off and mkfs)\n", \
			   (sb)->s_id, (u64)(ino), ##__VA_ARGS__)

/* ---- in-memory structures ---------------------------------------------- */

/* vector_index.c: dense array of a mount's vectors; pos[ino] is slot + 1. */
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
	struct mutex alloc_lock; /* bitmaps, free counts, raw counters */
	struct vexfs_index index;
	atomic64_t searches;
	struct list_head mounts; /* on vexfs_mount_list */
	char devname[VEXFS_DEVNAME_LEN];
};

struct vexfs_inode_info {
	__le32 i_data[VEXFS_N_BLOCKS];
	u32 i_flags;
	u32 i_parent; /* on-disk i_parent; see uapi/vexfs.h */
	struct mutex map_lock; /* block tree of this inode */
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

/* ---- main.c (module), control.c (/dev/vexfs), super.c (mount list) ----- */

extern struct file_system_type vexfs_fs_type;
extern struct mutex vexfs_mount_lock;
extern struct list_head vexfs_mount_list;
int vexfs_control_init(void);
void vexfs_control_exit(void);

/* ---- inode_cache.c ------------------------------------------------------ */

int vexfs_init_inode_cache(void);
void vexfs_destroy_inode_cache(void);
struct inode *vexfs_alloc_inode(struct super_block *sb);
void vexfs_free_inode(struct inode *inode);

/* ---- check.c: on-disk values checked where they enter -------------------- */

int vexfs_bad(struct super_block *sb, const char *what);
int vexfs_check_super(struct super_block *sb,
		      const struct vexfs_super_block *raw, u64 dev_blocks);
const char *vexfs_check_raw(struct super_block *sb,
			    const struct vexfs_inode *raw, bool orphan);

/* ---- bitmap.c ----------------------------------------------------------- */

int vexfs_count_free(struct super_block *sb);
int vexfs_ino_in_use(struct super_block *sb, u32 ino);
int vexfs_next_used_itable_block(struct super_block *sb, u32 *first);
int vexfs_new_block(struct super_block *sb, u32 *blk);
void vexfs_free_block(struct super_block *sb, u32 blk);
int vexfs_new_ino(struct super_block *sb, u32 *ino);
void vexfs_free_ino(struct super_block *sb, u32 ino);
bool vexfs_valid_block(struct super_block *sb, u32 blk);
void vexfs_update_super(struct super_block *sb);

/* ---- inode.c ------------------------------------------------------------ */

struct inode *vexfs_iget(struct super_block *sb, unsigned long ino);
struct inode *vexfs_iget_orphan(struct super_block *sb, unsigned long ino);
struct inode *vexfs_new_inode(struct inode *dir, umode_t mode, dev_t rdev);
void vexfs_set_ops(struct inode *inode, dev_t rdev);
int vexfs_write_inode(struct inode *inode, struct writeback_control *wbc);
void vexfs_evict_inode(struct inode *inode);

/* ---- attr.c ------------------------------------------------------------- */

int vexfs_setattr(VEXFS_IDMAP_T *idmap, struct dentry *dentry,
		  struct iattr *attr);
bool vexfs_can_dec_link(struct inode *inode, unsigned int floor);
int vexfs_dec_link(struct inode *inode, unsigned int floor);

/* ---- blockmap.c --------------------------------------------------------- */

int vexfs_map_block(struct inode *inode, sector_t iblock, bool create, u32 *blk,
		    bool *new);
int vexfs_probe_block(struct inode *inode, sector_t iblock, u32 *blk,
		      u64 *span);
int vexfs_get_block(struct inode *inode, sector_t iblock,
		    struct buffer_head *bh, int create);
void vexfs_truncate_blocks(struct inode *inode, loff_t size);

/* ---- dir.c -------------------------------------------------------------- */

extern const struct file_operations vexfs_dir_operations;
struct vexfs_dir_entry *vexfs_find_entry(struct inode *dir,
					 const struct qstr *name,
					 struct buffer_head **bhp);
int vexfs_add_entry(struct inode *dir, const struct qstr *name,
		    struct inode *inode);
int vexfs_delete_entry(struct inode *dir, struct buffer_head *bh,
		       struct vexfs_dir_entry *de);
int vexfs_set_entry(struct inode *dir, struct buffer_head *bh,
		    struct vexfs_dir_entry *de, struct inode *inode, bool sync);
int vexfs_dir_empty(struct inode *dir);

/* ---- namei.c ------------------------------------------------------------ */

extern const struct inode_operations vexfs_dir_inode_operations;
extern const struct inode_operations vexfs_symlink_inode_operations;
extern const struct inode_operations vexfs_fast_symlink_inode_operations;
extern const struct inode_operations vexfs_special_inode_operations;
void vexfs_unparent(struct inode *dir, struct inode *inode);

/* ---- rename.c ----------------------------------------------------------- */

int vexfs_rename(VEXFS_IDMAP_T *idmap, struct inode *old_dir,
		 struct dentry *old_dentry, struct inode *new_dir,
		 struct dentry *new_dentry, unsigned int flags);

/* ---- file.c ------------------------------------------------------------- */

extern const struct file_operations vexfs_file_operations;
extern const struct inode_operations vexfs_file_inode_operations;
extern const struct address_space_operations vexfs_aops;
int vexfs_fsync(struct file *file, loff_t start, loff_t end, int datasync);

/* ---- vector_index.c: the in-memory index -------------------------------- */

int vexfs_index_init(struct vexfs_index *idx, u32 dim, u32 inode_count);
void vexfs_index_free(struct vexfs_index *idx);
int vexfs_index_put(struct vexfs_index *idx, u32 ino, const s8 *vec);
void vexfs_index_del(struct vexfs_index *idx, u32 ino);
size_t vexfs_index_bytes(struct vexfs_index *idx);
u32 vexfs_index_count(struct vexfs_index *idx);

/* ---- vector.c: the on-disk slots, mount-time load, set/get/clear ------- */

int vexfs_index_load(struct super_block *sb);
int vexfs_vector_set(struct inode *inode, const s8 *vec);
int vexfs_vector_get(struct inode *inode, s8 *vec);
int vexfs_vector_clear(struct inode *inode);
void vexfs_vector_forget(struct inode *inode);

/* ---- search.c ----------------------------------------------------------- */

int vexfs_search(struct file *file, const s8 *query, u32 k, u32 metric,
		 struct vexfs_search_result *res, u32 *count);

/* ---- ioctl.c ------------------------------------------------------------ */

long vexfs_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

#endif /* _VEXFS_H */
