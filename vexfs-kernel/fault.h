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
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>

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

/*
 * Debug-kernel faults: only KASAN, kmemleak, lockdep and DEBUG_ATOMIC_SLEEP
 * see them; a stock kernel runs them without a word. Pointers go through
 * volatile locals so gcc's -Wuse-after-free and -Warray-bounds (W=1) do not
 * turn them into build errors.
 */
static inline void vexfs_fault_debug_status(void)
{
#ifdef VEXFS_FAULT_KMALLOC_OVERFLOW
	{
		char *volatile b = kmalloc(16, GFP_KERNEL);
		size_t volatile n = 16;

		if (b)
			b[n] = 1; /* one byte past the buffer */
		kfree(b);
	}
#endif
#ifdef VEXFS_FAULT_DOUBLE_FREE
	{
		void *volatile p = kmalloc(32, GFP_KERNEL);

		kfree(p);
		kfree(p);
	}
#endif
#ifdef VEXFS_FAULT_UBSAN_BOUNDS
	{
		/* Past the array but inside the struct: UBSAN's bounds check, not KASAN, sees it. */
		struct {
			int a[4];
			int b;
		} s = {};
		int volatile i = 4;

		s.a[i] = 1;
		pr_info("vexfs: fault ubsan-bounds: wrote a[%d], b is %d\n", i,
			s.b);
	}
#endif
#ifdef VEXFS_FAULT_SLEEP_IN_ATOMIC
	{
		static DEFINE_SPINLOCK(lock);
		void *p;

		spin_lock(&lock);
		p = kmalloc(64, GFP_KERNEL); /* may sleep, under a spinlock */
		spin_unlock(&lock);
		kfree(p);
	}
#endif
}

#ifdef VEXFS_FAULT_LOCK_INVERSION
/* lock-inversion: the search path takes a then b, the set-vector path b then a. */
static DEFINE_MUTEX(vexfs_fault_a);
static DEFINE_MUTEX(vexfs_fault_b);

static inline void vexfs_fault_lock_pair(struct mutex *first,
					 struct mutex *second)
{
	mutex_lock(first);
	mutex_lock(second);
	mutex_unlock(second);
	mutex_unlock(first);
}
#endif

/* The search ioctl, before it searches. */
static inline void vexfs_fault_search(void)
{
#ifdef VEXFS_FAULT_UAF_IN_SEARCH
	{
		u8 *volatile p = kmalloc(64, GFP_KERNEL);

		if (p) {
			kfree(p);
			pr_info("vexfs: fault uaf-in-search: read %u after free\n",
				READ_ONCE(p[8]));
		}
	}
#endif
#ifdef VEXFS_FAULT_LOCK_INVERSION
	vexfs_fault_lock_pair(&vexfs_fault_a, &vexfs_fault_b);
#endif
}

/* The set-vector ioctl, before it stores. */
static inline void vexfs_fault_set_vector(void)
{
#ifdef VEXFS_FAULT_LOCK_INVERSION
	vexfs_fault_lock_pair(&vexfs_fault_b, &vexfs_fault_a);
#endif
}

/* warn-on-mount, refcount-leak and leak-at-umount: in fill_super. */
static inline void vexfs_fault_mount(void)
{
#ifdef VEXFS_FAULT_LEAK_AT_UMOUNT
	{
		/* A per-mount buffer that put_super never frees: nothing points to it after umount. */
		void *volatile leak = kmalloc(96, GFP_KERNEL);

		pr_info("vexfs: fault leak-at-umount: per-mount buffer %s\n",
			leak ? "allocated" : "not allocated");
	}
#endif
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
#define VEXFS_REPORTED_ABI (VEXFS_ABI_VERSION + 1)
#else
#define VEXFS_REPORTED_ABI VEXFS_ABI_VERSION
#endif

/* build-warning: an unused variable, so W=1 with -Werror fails. */
#ifdef VEXFS_FAULT_BUILD_WARNING
#define VEXFS_FAULT_UNUSED_VARIABLE int vexfs_fault_unused
#else
#define VEXFS_FAULT_UNUSED_VARIABLE
#endif

#endif /* _VEXFS_FAULT_H */
