// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit cases for search.c: distances, result ordering with ties, and the
 * bounded heap that keeps the k best. Included at the end of search.c so
 * the static helpers are reachable; compiled only with CONFIG_KUNIT.
 */
#include <kunit/test.h>

static void vexfs_test_distance_l2(struct kunit *test)
{
	const s8 a[4] = { 1, -2, 3, 127 }, b[4] = { -1, 2, 3, -128 };

	KUNIT_EXPECT_EQ(test, vexfs_distance(a, a, 4, VEXFS_METRIC_L2), (s64)0);
	/* 2^2 + 4^2 + 0 + 255^2: the extremes of s8 do not overflow. */
	KUNIT_EXPECT_EQ(test, vexfs_distance(a, b, 4, VEXFS_METRIC_L2),
			(s64)(4 + 16 + 65025));
}

static void vexfs_test_distance_dot(struct kunit *test)
{
	const s8 a[3] = { 1, 2, 3 }, b[3] = { 4, -5, 6 };

	/* Larger dot product is nearer: distance is its negation. */
	KUNIT_EXPECT_EQ(test, vexfs_distance(a, b, 3, VEXFS_METRIC_DOT),
			(s64)-12);
	KUNIT_EXPECT_EQ(test, vexfs_distance(a, a, 3, VEXFS_METRIC_DOT),
			(s64)-14);
}

static void vexfs_test_order_ties(struct kunit *test)
{
	struct vexfs_search_result r[4] = {
		{ .ino = 9, .distance = 5 },
		{ .ino = 3, .distance = 5 },
		{ .ino = 7, .distance = -1 },
		{ .ino = 1, .distance = 8 },
	};

	sort(r, 4, sizeof(r[0]), vexfs_res_cmp, NULL);
	KUNIT_EXPECT_EQ(test, r[0].ino, (u64)7);
	/* Equal distances are ordered by inode number. */
	KUNIT_EXPECT_EQ(test, r[1].ino, (u64)3);
	KUNIT_EXPECT_EQ(test, r[2].ino, (u64)9);
	KUNIT_EXPECT_EQ(test, r[3].ino, (u64)1);
#ifdef VEXFS_FAULT_KUNIT_FAIL
	/* kunit-fail: a deliberately wrong expectation, so the kit must fail the run. */
	KUNIT_EXPECT_EQ(test, r[0].ino, (u64)1);
#endif
}

static void vexfs_test_heap_keeps_k_best(struct kunit *test)
{
	static const s64 dist[] = { 50, 10, 40, 10, 30, 20, 60, 0 };
	struct vexfs_search_result h[3];
	u32 n = 0, i;

	for (i = 0; i < ARRAY_SIZE(dist); i++) {
		struct vexfs_search_result c = { .ino = i + 1,
						 .distance = dist[i] };

		if (n < ARRAY_SIZE(h)) {
			h[n] = c;
			vexfs_heap_up(h, n++);
		} else if (vexfs_res_less(&c, &h[0])) {
			h[0] = c;
			vexfs_heap_down(h, n, 0);
		}
	}
	/* The worst of the kept three sits at the root. */
	KUNIT_EXPECT_EQ(test, h[0].distance, (s64)10);
	KUNIT_EXPECT_EQ(test, h[0].ino, (u64)4);
	sort(h, n, sizeof(h[0]), vexfs_res_cmp, NULL);
	KUNIT_EXPECT_EQ(test, h[0].ino, (u64)8);
	KUNIT_EXPECT_EQ(test, h[1].ino, (u64)2);
	KUNIT_EXPECT_EQ(test, h[2].ino, (u64)4);
}

static struct kunit_case vexfs_search_cases[] = {
	KUNIT_CASE(vexfs_test_distance_l2),
	KUNIT_CASE(vexfs_test_distance_dot),
	KUNIT_CASE(vexfs_test_order_ties),
	KUNIT_CASE(vexfs_test_heap_keeps_k_best),
	{}
};

static struct kunit_suite vexfs_search_suite = {
	.name = "vexfs-search",
	.test_cases = vexfs_search_cases,
};

kunit_test_suites(&vexfs_search_suite);
