// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS in-memory inodes: the slab cache each struct vexfs_inode_info
 * comes from, made at module load and destroyed at unload.
 */
#include <linux/slab.h>
#include "vexfs.h"

static struct kmem_cache *vexfs_inode_cachep;

struct inode *vexfs_alloc_inode(struct super_block *sb)
{
	struct vexfs_inode_info *vi;

	vi = alloc_inode_sb(sb, vexfs_inode_cachep, GFP_KERNEL);
	if (!vi)
		return NULL;
	return &vi->vfs_inode;
}

void vexfs_free_inode(struct inode *inode)
{
	kmem_cache_free(vexfs_inode_cachep, VEXFS_I(inode));
}

static void vexfs_inode_init_once(void *p)
{
	struct vexfs_inode_info *vi = p;

	mutex_init(&vi->map_lock);
	inode_init_once(&vi->vfs_inode);
}

int vexfs_init_inode_cache(void)
{
	/* A fast symlink's target is copied to user space from i_data. */
	vexfs_inode_cachep = kmem_cache_create_usercopy(
		"vexfs_inode_cache", sizeof(struct vexfs_inode_info), 0,
		SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT,
		offsetof(struct vexfs_inode_info, i_data),
		sizeof_field(struct vexfs_inode_info, i_data),
		vexfs_inode_init_once);
	return vexfs_inode_cachep ? 0 : -ENOMEM;
}

void vexfs_destroy_inode_cache(void)
{
	/* Inodes are freed after an RCU grace period. */
	rcu_barrier();
	kmem_cache_destroy(vexfs_inode_cachep);
}
