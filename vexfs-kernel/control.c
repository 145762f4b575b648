// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS control device /dev/vexfs and /sys/fs/vexfs: module status and
 * per-mount counters for vexctl and the test kit.
 */
#include <linux/kobject.h>
#include <linux/miscdevice.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>
#include <generated/utsrelease.h>
#include "fault.h"
#include "vexfs.h"

/* Fills the module-wide status and up to max per-mount entries. */
static u32 vexfs_collect(struct vexfs_status *st, struct vexfs_mount_status *ms,
			 u32 max)
{
	struct vexfs_sb_info *sbi;
	u32 n = 0;

	st->abi_version = VEXFS_REPORTED_ABI;
	st->format_version = VEXFS_FORMAT_VERSION;
	strscpy(st->module_version, VEXFS_MODULE_VERSION,
		sizeof(st->module_version));
	strscpy(st->kernel_release, UTS_RELEASE, sizeof(st->kernel_release));

	mutex_lock(&vexfs_mount_lock);
	list_for_each_entry(sbi, &vexfs_mount_list, mounts) {
		u32 vectors = vexfs_index_count(&sbi->index);
		u64 searches = atomic64_read(&sbi->searches);
		struct vexfs_mount_status *m;

		st->mounts++;
		st->files_with_vectors += vectors;
		st->searches += searches;
		st->vector_bytes += vexfs_index_bytes(&sbi->index);
		if (n >= max)
			continue;
		m = &ms[n++];
		strscpy(m->device, sbi->devname, sizeof(m->device));
		/* cppcheck 2.17 loses sbi in list_for_each_entry's loop */
		/* cppcheck-suppress uninitvar */
		m->vector_dim = sbi->dim;
		m->inode_count = sbi->inode_count;
		m->free_inodes = READ_ONCE(sbi->free_inodes);
		m->block_count = sbi->block_count;
		m->free_blocks = READ_ONCE(sbi->free_blocks);
		m->files_with_vectors = vectors;
		m->searches = searches;
	}
	mutex_unlock(&vexfs_mount_lock);
	return n;
}

static long vexfs_control_ioctl(struct file *file, unsigned int cmd,
				unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct vexfs_status_full *full;
	struct vexfs_status st;
	long err = 0;

	switch (cmd) {
	case VEXFS_IOC_GET_STATUS:
		vexfs_fault_status_ioctl();
		vexfs_fault_debug_status();
		memset(&st, 0, sizeof(st));
		vexfs_collect(&st, NULL, 0);
		return copy_to_user(argp, &st, sizeof(st)) ? -EFAULT : 0;
	case VEXFS_IOC_GET_STATUS_FULL:
		full = kzalloc(sizeof(*full), GFP_KERNEL);
		if (!full)
			return -ENOMEM;
		full->mount_count = vexfs_collect(&full->status, full->mounts,
						  VEXFS_MAX_STATUS_MOUNTS);
		if (copy_to_user(argp, full, sizeof(*full)))
			err = -EFAULT;
		kfree(full);
		return err;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations vexfs_control_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = vexfs_control_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice vexfs_control_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "vexfs",
	.fops = &vexfs_control_fops,
	.mode = 0666,
};

/* ---- /sys/fs/vexfs ------------------------------------------------------ */

static struct kobject *vexfs_kobj;

/* clang-format off */
#define VEXFS_STATUS_ATTR(field, fmt)					\
static ssize_t field##_show(struct kobject *kobj,			\
			    struct kobj_attribute *attr, char *buf)	\
{									\
	struct vexfs_status st;						\
									\
	memset(&st, 0, sizeof(st));					\
	vexfs_collect(&st, NULL, 0);					\
	return sysfs_emit(buf, fmt "\n", st.field);			\
}									\
static struct kobj_attribute field##_attr = __ATTR_RO(field)
/* clang-format on */

VEXFS_STATUS_ATTR(abi_version, "%u");
VEXFS_STATUS_ATTR(format_version, "%u");
VEXFS_STATUS_ATTR(module_version, "%s");
VEXFS_STATUS_ATTR(kernel_release, "%s");
VEXFS_STATUS_ATTR(mounts, "%u");
VEXFS_STATUS_ATTR(files_with_vectors, "%llu");
VEXFS_STATUS_ATTR(searches, "%llu");
VEXFS_STATUS_ATTR(vector_bytes, "%llu");

static struct attribute *vexfs_status_attrs[] = {
	&abi_version_attr.attr,
	&format_version_attr.attr,
	&module_version_attr.attr,
	&kernel_release_attr.attr,
	&mounts_attr.attr,
	&files_with_vectors_attr.attr,
	&searches_attr.attr,
	&vector_bytes_attr.attr,
	NULL,
};

static const struct attribute_group vexfs_status_group = {
	.name = "status",
	.attrs = vexfs_status_attrs,
};

int vexfs_control_init(void)
{
	int err;

	err = misc_register(&vexfs_control_dev);
	if (err) {
		pr_err("vexfs: cannot register %s: %d\n", VEXFS_CONTROL_DEVICE,
		       err);
		return err;
	}
	vexfs_kobj = kobject_create_and_add("vexfs", fs_kobj);
	if (!vexfs_kobj) {
		err = -ENOMEM;
		goto fail_misc;
	}
	err = sysfs_create_group(vexfs_kobj, &vexfs_status_group);
	if (err)
		goto fail_kobj;
	return 0;

fail_kobj:
	kobject_put(vexfs_kobj);
fail_misc:
	misc_deregister(&vexfs_control_dev);
	return err;
}

void vexfs_control_exit(void)
{
	sysfs_remove_group(vexfs_kobj, &vexfs_status_group);
	kobject_put(vexfs_kobj);
	misc_deregister(&vexfs_control_dev);
}
