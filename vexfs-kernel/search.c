// SPDX-License-Identifier: GPL-2.0
/*
 * VexFS search: exact k-NN over a mount's in-memory vector index with
 * integer arithmetic only (squared L2 or negated dot product), keeping the
 * k best in a max-heap and ordering ties by inode number.
 */
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/mm.h>
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
 * Exact k-NN over every vector of the mount: a bounded max-heap keeps the
 * k best (distance, ino) pairs, sorted ascending at the end. res holds k.
 */
int vexfs_search(struct super_block *sb, const s8 *query, u32 k, u32 metric,
		 struct vexfs_search_result *res, u32 *count)
{
	struct vexfs_sb_info *sbi = VEXFS_SB(sb);
	struct vexfs_index *idx = &sbi->index;
	u32 i, n = 0;

	down_read(&idx->lock);
	for (i = 0; i < idx->count; i++) {
		struct vexfs_search_result r = {
			.ino = idx->inos[i],
			.distance = vexfs_distance(
				query, idx->vecs + (size_t)i * idx->dim,
				idx->dim, metric),
		};

		if (n < k) {
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
	atomic64_inc(&sbi->searches);
	*count = n;
	return 0;
}

#if IS_ENABLED(CONFIG_KUNIT)
#include "kunit/search_kunit.c"
#endif
