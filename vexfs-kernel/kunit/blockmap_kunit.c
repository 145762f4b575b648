// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit cases for blockmap.c: the path from a logical block to its direct,
 * single- or double-indirect slot. Included at the end of blockmap.c;
 * compiled only with CONFIG_KUNIT.
 */
#include <kunit/test.h>

static void vexfs_test_path_direct(struct kunit *test)
{
	u32 off[3];

	KUNIT_EXPECT_EQ(test, vexfs_block_path(0, off), 1);
	KUNIT_EXPECT_EQ(test, off[0], 0u);
	KUNIT_EXPECT_EQ(test, vexfs_block_path(VEXFS_NDIR_BLOCKS - 1, off), 1);
	KUNIT_EXPECT_EQ(test, off[0], (u32)(VEXFS_NDIR_BLOCKS - 1));
}

static void vexfs_test_path_indirect(struct kunit *test)
{
	const u32 per = VEXFS_ADDR_PER_BLOCK;
	u32 off[3];

	KUNIT_EXPECT_EQ(test, vexfs_block_path(VEXFS_NDIR_BLOCKS, off), 2);
	KUNIT_EXPECT_EQ(test, off[0], (u32)VEXFS_IND_BLOCK);
	KUNIT_EXPECT_EQ(test, off[1], 0u);
	KUNIT_EXPECT_EQ(test,
			vexfs_block_path(VEXFS_NDIR_BLOCKS + per - 1, off), 2);
	KUNIT_EXPECT_EQ(test, off[1], per - 1);
}

static void vexfs_test_path_double_and_beyond(struct kunit *test)
{
	const u64 per = VEXFS_ADDR_PER_BLOCK;
	u32 off[3];

	KUNIT_EXPECT_EQ(test, vexfs_block_path(VEXFS_NDIR_BLOCKS + per, off),
			3);
	KUNIT_EXPECT_EQ(test, off[0], (u32)VEXFS_DIND_BLOCK);
	KUNIT_EXPECT_EQ(test, off[1], 0u);
	KUNIT_EXPECT_EQ(test, off[2], 0u);
	KUNIT_EXPECT_EQ(
		test, vexfs_block_path(VEXFS_NDIR_BLOCKS + per + per + 1, off),
		3);
	KUNIT_EXPECT_EQ(test, off[1], 1u);
	KUNIT_EXPECT_EQ(test, off[2], 1u);
	/* One past the double-indirect range has no path. */
	KUNIT_EXPECT_EQ(
		test,
		vexfs_block_path(VEXFS_NDIR_BLOCKS + per + per * per, off), 0);
}

static struct kunit_case vexfs_blockmap_cases[] = {
	KUNIT_CASE(vexfs_test_path_direct),
	KUNIT_CASE(vexfs_test_path_indirect),
	KUNIT_CASE(vexfs_test_path_double_and_beyond),
	{}
};

static struct kunit_suite vexfs_blockmap_suite = {
	.name = "vexfs-blockmap",
	.test_cases = vexfs_blockmap_cases,
};

kunit_test_suites(&vexfs_blockmap_suite);
