/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VexFS fault injection for the test kit. A fault is compiled in only when
 * the build is run with VEXFS_FAULT=<name>, which defines
 * VEXFS_FAULT_<NAME>; a normal build turns every helper into a no-op.
 */
#ifndef _VEXFS_FAULT_H
#define _VEXFS_FAULT_H

#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/sched.h>

/* oops-on-load: a NULL dereference in module init. */
static inline void vexfs_fault_on_load(void)
{
#ifdef VEXFS_FAULT_OOPS_ON_LOAD
	int *volatile p = NULL;

	pr_info("vexfs: fault oops-on-load: dereferencing NULL\n");
	WRITE_ONCE(*p, 1);
#endif
#ifdef VEXFS_FAULT_PANIC
	panic("vexfs: fault panic: panic at load\n");
#endif
}

/* bug-on-ioctl and hang-in-ioctl: in the status ioctl. */
static inline void vexfs_fault_status_ioctl(void)
{
#ifdef VEXFS_FAULT_BUG_ON_IOCTL
	BUG_ON(1);
#endif
#ifdef VEXFS_FAULT_HANG_IN_IOCTL
	pr_info("vexfs: fault hang-in-ioctl: sleeping forever\n");
	for (;;)
		schedule_timeout_uninterruptible(HZ);
#endif
}

/* warn-on-mount and refcount-leak: in fill_super. */
static inline void vexfs_fault_mount(void)
{
#ifdef VEXFS_FAULT_WARN_ON_MOUNT
	WARN_ON(1);
#endif
#ifdef VEXFS_FAULT_REFCOUNT_LEAK
	__module_get(THIS_MODULE);
#endif
}

/* lost-write: writeback and sync_fs silently skip their work. */
static inline bool vexfs_fault_lost_write(void)
{
#ifdef VEXFS_FAULT_LOST_WRITE
	return true;
#else
	return false;
#endif
}

/* abi-mismatch: the status ioctl reports the wrong ABI version. */
#ifdef VEXFS_FAULT_ABI_MISMATCH
#define VEXFS_REPORTED_ABI	(VEXFS_ABI_VERSION + 1)
#else
#define VEXFS_REPORTED_ABI	VEXFS_ABI_VERSION
#endif

/* build-warning: an unused variable, so W=1 with -Werror fails. */
#ifdef VEXFS_FAULT_BUILD_WARNING
#define VEXFS_FAULT_UNUSED_VARIABLE	int vexfs_fault_unused
#else
#define VEXFS_FAULT_UNUSED_VARIABLE
#endif

#endif /* _VEXFS_FAULT_H */
