// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS: a filesystem that keeps an int8 vector with each file and answers
 * exact nearest-neighbour searches in the kernel. Module entry points.
 */
#include <linux/module.h>
#include "fault.h"
#include "vexfs.h"

static int __init vexfs_init(void)
{
	int err;
	VEXFS_FAULT_UNUSED_VARIABLE;

	vexfs_fault_on_load();
	err = vexfs_init_inode_cache();
	if (err)
		return err;
	err = vexfs_control_init();
	if (err)
		goto fail_cache;
	err = register_filesystem(&vexfs_fs_type);
	if (err)
		goto fail_control;
	pr_info("vexfs: module %s loaded (ABI %u, format %u)\n",
		VEXFS_MODULE_VERSION, VEXFS_ABI_VERSION, VEXFS_FORMAT_VERSION);
	return 0;

fail_control:
	vexfs_control_exit();
fail_cache:
	vexfs_destroy_inode_cache();
	return err;
}

static void __exit vexfs_exit(void)
{
	unregister_filesystem(&vexfs_fs_type);
	vexfs_control_exit();
	vexfs_destroy_inode_cache();
	pr_info("vexfs: module unloaded\n");
}

module_init(vexfs_init);
module_exit(vexfs_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("VexFS: a filesystem with per-file vectors and in-kernel k-NN search");
MODULE_AUTHOR("VexFS developers");
MODULE_VERSION(VEXFS_MODULE_VERSION);
