// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS ioctls on files and directories of a mount: set, get and clear a
 * regular file's vector; search the whole mount from any directory.
 * An ioctl on the wrong kind of file is -ENOTTY. GET needs the file open
 * for reading and SET/CLEAR open for writing, like read(2) and write(2):
 * the permission was checked when it was opened.
 */
#include <linux/mount.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "vexfs.h"
#include "fault.h"

static s8 *vexfs_copy_vector(struct super_block *sb, u32 dim, u64 uptr)
{
	if (dim != VEXFS_SB(sb)->dim)
		return ERR_PTR(-EINVAL);
	return memdup_user(u64_to_user_ptr(uptr), dim);
}

static long vexfs_ioc_set(struct file *file, void __user *argp)
{
	struct inode *inode = file_inode(file);
	struct vexfs_vector_io io;
	s8 *vec;
	long err;

	if (copy_from_user(&io, argp, sizeof(io)))
		return -EFAULT;
	if (io.reserved)
		return -EINVAL;
	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	vec = vexfs_copy_vector(inode->i_sb, io.dim, io.data);
	if (IS_ERR(vec))
		return PTR_ERR(vec);
	err = mnt_want_write_file(file);
	if (!err) {
		vexfs_fault_set_vector();
		err = vexfs_vector_set(inode, vec);
		mnt_drop_write_file(file);
	}
	kfree(vec);
	return err;
}

static long vexfs_ioc_get(struct file *file, void __user *argp)
{
	struct inode *inode = file_inode(file);
	u32 dim = VEXFS_SB(inode->i_sb)->dim;
	struct vexfs_vector_io io;
	s8 *vec;
	long err;

	if (copy_from_user(&io, argp, sizeof(io)))
		return -EFAULT;
	if (io.dim != dim || io.reserved)
		return -EINVAL;
	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	vec = kmalloc(dim, GFP_KERNEL);
	if (!vec)
		return -ENOMEM;
	err = vexfs_vector_get(inode, vec);
	if (!err && copy_to_user(u64_to_user_ptr(io.data), vec, dim))
		err = -EFAULT;
	kfree(vec);
	return err;
}

static long vexfs_ioc_clear(struct file *file)
{
	struct inode *inode = file_inode(file);
	long err;

	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	err = mnt_want_write_file(file);
	if (err)
		return err;
	err = vexfs_vector_clear(inode);
	mnt_drop_write_file(file);
	return err;
}

static long vexfs_ioc_search(struct file *file,
			     struct vexfs_search __user *argp)
{
	struct super_block *sb = file_inode(file)->i_sb;
	struct vexfs_search_result *res;
	struct vexfs_search req;
	u32 count = 0;
	s8 *query;
	long err;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (req.k < 1 || req.k > VEXFS_MAX_K)
		return -EINVAL;
	if (req.metric != VEXFS_METRIC_L2 && req.metric != VEXFS_METRIC_DOT)
		return -EINVAL;
	query = vexfs_copy_vector(sb, req.dim, req.query);
	if (IS_ERR(query))
		return PTR_ERR(query);
	res = kvmalloc_array(req.k, sizeof(*res), GFP_KERNEL | __GFP_NOWARN);
	if (!res) {
		kfree(query);
		return -ENOMEM;
	}
	vexfs_fault_search();
	err = vexfs_search(file, query, req.k, req.metric, res, &count);
	if (!err && copy_to_user(u64_to_user_ptr(req.results), res,
				 (size_t)count * sizeof(*res)))
		err = -EFAULT;
	if (!err && put_user(count, &argp->count))
		err = -EFAULT;
	kvfree(res);
	kfree(query);
	return err;
}

long vexfs_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct inode *inode = file_inode(file);
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case VEXFS_IOC_SET_VECTOR:
		return S_ISREG(inode->i_mode) ? vexfs_ioc_set(file, argp) :
						-ENOTTY;
	case VEXFS_IOC_GET_VECTOR:
		return S_ISREG(inode->i_mode) ? vexfs_ioc_get(file, argp) :
						-ENOTTY;
	case VEXFS_IOC_CLEAR_VECTOR:
		return S_ISREG(inode->i_mode) ? vexfs_ioc_clear(file) : -ENOTTY;
	case VEXFS_IOC_SEARCH:
		return S_ISDIR(inode->i_mode) ? vexfs_ioc_search(file, argp) :
						-ENOTTY;
	default:
		return -ENOTTY;
	}
}
