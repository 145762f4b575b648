// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS search: exact k-NN over a mount's in-memory vector index with
 * integer arithmetic only (squared L2 or negated dot product), keeping the
 * k best in a max-heap and ordering ties by inode number, among the files
 * the caller is allowed to read.
 */
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/mm.h>
#include <linux/bitmap.h>
#include <linux/capability.h>
#include <linux/sched/signal.h>
#include "vexfs.h"

static s64 vexfs_distance(const s8 *a, const s8 *b, u32 dim, u32 metric)
{
	s64 acc = 0;
	u32 i;

	if (metric == VEXFS_METRIC_L2) {
		for (i = 0; i < dim; i++) {
			s32 d = (s32)a[i] - (s32)b[i];

			acc += d * d;
		}
		return acc;
	}
	for (i = 0; i < dim; i++)
		acc += (s32)a[i] * (s32)b[i];
	return -acc;
}

static bool vexfs_res_less(const struct vexfs_search_result *a,
			   const struct vexfs_search_result *b)
{
	return a->distance < b->distance ||
	       (a->distance == b->distance && a->ino < b->ino);
}

static int vexfs_res_cmp(const void *a, const void *b)
{
	const struct vexfs_search_result *x = a, *y = b;

	if (vexfs_res_less(x, y))
		return -1;
	return vexfs_res_less(y, x) ? 1 : 0;
}

/* Restores the max-heap (worst result at 0) below position i. */
static void vexfs_heap_down(struct vexfs_search_result *h, u32 n, u32 i)
{
	for (;;) {
		u32 l = 2 * i + 1, r = l + 1, m = i;

		if (l < n && vexfs_res_less(&h[m], &h[l]))
			m = l;
		if (r < n && vexfs_res_less(&h[m], &h[r]))
			m = r;
		if (m == i)
			return;
		swap(h[i], h[m]);
		i = m;
	}
}

static void vexfs_heap_up(struct vexfs_search_result *h, u32 i)
{
	while (i) {
		u32 p = (i - 1) / 2;

		if (!vexfs_res_less(&h[p], &h[i]))
			return;
		swap(h[i], h[p]);
		i = p;
	}
}

/*
 * Exact k-NN over the vectors of the mount not marked in skip: a bounded
 * max-heap keeps the m best (distance, ino) pairs, sorted ascending at the
 * end. res holds m. Returns how many it holds.
 */
static u32 vexfs_scan(struct vexfs_index *idx, const s8 *query, u32 metric,
		      u32 m, struct vexfs_search_result *res,
		      const unsigned long *skip)
{
	u32 i, n = 0;

	down_read(&idx->lock);
	for (i = 0; i < idx->count; i++) {
		struct vexfs_search_result r;

		if (skip && test_bit(idx->inos[i], skip))
			continue;
		r.ino = idx->inos[i];
		r.distance = vexfs_distance(query,
					    idx->vecs + (size_t)i * idx->dim,
					    idx->dim, metric);
		if (n < m) {
			res[n] = r;
			vexfs_heap_up(res, n++);
		} else if (vexfs_res_less(&r, &res[0])) {
			res[0] = r;
			vexfs_heap_down(res, n, 0);
		}
		if ((i & 4095) == 4095)
			cond_resched();
	}
	up_read(&idx->lock);
	sort(res, n, sizeof(*res), vexfs_res_cmp, NULL);
	return n;
}

/*
 * What the caller has been found allowed to see: a file it may read whose
 * directories it may all search, or a directory whose chain to the root it
 * may search. Bits by inode number; denied bits are skipped by later scans.
 */
struct vexfs_seen {
	VEXFS_IDMAP_T *idmap;
	unsigned long *allowed;
	unsigned long *denied;
};

#define VEXFS_CHAIN_MEMO 64

/* Whether the caller may search every directory from dir up to the root. */
static bool vexfs_chain_ok(struct super_block *sb, struct vexfs_seen *seen,
			   u32 dir)
{
	u32 memo[VEXFS_CHAIN_MEMO], n = 0, depth = 0, i;
	bool ok = true, root;

	while (ok) {
		struct inode *d;

		if (!dir || test_bit(dir, seen->denied)) {
			ok = false;
			break;
		}
		if (test_bit(dir, seen->allowed))
			break;
		if (++depth > VEXFS_MAX_DEPTH) {
			vexfs_corrupt(sb, dir, "directory chain too deep");
			ok = false;
			break;
		}
		d = vexfs_iget(sb, dir);
		if (IS_ERR(d)) {
			ok = false;
			break;
		}
		ok = S_ISDIR(d->i_mode) &&
		     !inode_permission(seen->idmap, d, MAY_EXEC);
		if (n < VEXFS_CHAIN_MEMO)
			memo[n++] = dir;
		root = dir == VEXFS_ROOT_INO;
		dir = VEXFS_I(d)->i_parent;
		iput(d);
		if (root)
			break; /* the root was checked: the chain ends */
	}
	for (i = 0; i < n; i++)
		set_bit(memo[i], ok ? seen->allowed : seen->denied);
	return ok;
}

/* Whether the caller may see file ino in results; marks it either way. */
static bool vexfs_visible(struct super_block *sb, struct vexfs_seen *seen,
			  u32 ino)
{
	struct inode *inode;
	bool ok;
	u32 parent;

	if (test_bit(ino, seen->allowed))
		return true;
	if (test_bit(ino, seen->denied))
		return false;
	inode = vexfs_iget(sb, ino);
	if (IS_ERR(inode)) {
		set_bit(ino, seen->denied);
		return false;
	}
	/* An unlinked file (parent 0) has no path: nobody may reach it. */
	ok = inode->i_nlink && !inode_permission(seen->idmap, inode, MAY_READ);
	parent = VEXFS_I(inode)->i_parent;
	iput(inode);
	ok = ok && vexfs_chain_ok(sb, seen, parent);
	set_bit(ino, ok ? seen->allowed : seen->denied);
	return ok;
}

/*
 * The k nearest files the caller may read, reached through directories it
 * may search (the top k of that set, not a filtered top k). A caller with
 * CAP_DAC_READ_SEARCH passes every such check, so it gets one plain scan.
 * Otherwise permission is checked (outside the index lock: iget and iput
 * may sleep and evict) for candidates in order; if fewer than k of the m
 * best pass, the scan is repeated with 2m, skipping those refused.
 */
int vexfs_search(struct file *file, const s8 *query, u32 k, u32 metric,
		 struct vexfs_search_result *res, u32 *count)
{
	struct super_block *sb = file_inode(file)->i_sb;
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	struct vexfs_index *idx = &sbi->index;
	struct vexfs_search_result *buf = NULL;
	struct vexfs_seen seen = { .idmap = vexfs_file_idmap(file) };
	u32 m = k, n, got = 0, i;
	int err = 0;

	atomic64_inc(&sbi->searches);
	if (ns_capable_noaudit(sb->s_user_ns, CAP_DAC_READ_SEARCH)) {
		*count = vexfs_scan(idx, query, metric, k, res, NULL);
		return 0;
	}
	seen.allowed =
		bitmap_zalloc(sbi->inode_count, GFP_KERNEL | __GFP_NOWARN);
	seen.denied =
		bitmap_zalloc(sbi->inode_count, GFP_KERNEL | __GFP_NOWARN);
	if (!seen.allowed || !seen.denied) {
		err = -ENOMEM;
		goto out;
	}
	for (;;) {
		buf = kvmalloc_array(m, sizeof(*buf),
				     GFP_KERNEL | __GFP_NOWARN);
		if (!buf) {
			err = -ENOMEM;
			goto out;
		}
		n = vexfs_scan(idx, query, metric, m, buf, seen.denied);
		for (i = 0, got = 0; i < n && got < k; i++) {
			if (fatal_signal_pending(current)) {
				err = -EINTR;
				goto out;
			}
			if (vexfs_visible(sb, &seen, buf[i].ino))
				res[got++] = buf[i];
		}
		if (got == k || n < m || m >= sbi->inode_count)
			break;
		kvfree(buf);
		m = min_t(u64, (u64)m * 2, sbi->inode_count);
	}
	*count = got;
out:
	kvfree(buf);
	bitmap_free(seen.allowed);
	bitmap_free(seen.denied);
	return err;
}

#if IS_ENABLED(CONFIG_KUNIT)
#include "kunit/search_kunit.c"
#endif
