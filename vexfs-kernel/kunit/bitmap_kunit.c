// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit cases for bitmap.c: counting the used bits of a bitmap block and
 * the allocation scan (first zero from the hint, never at or past nbits,
 * wrapping to bit 0 once). Included at the end of bitmap.c; compiled only
 * with CONFIG_KUNIT.
 */
#include <kunit/test.h>

static void vexfs_test_bits_used_tail(struct kunit *test)
{
	const u8 map[2] = { 0xff, 0xf3 };

	KUNIT_EXPECT_EQ(test, vexfs_bits_used(map, 16), 14u);
	/* 12 bits: the low nibble 0x3 of the second byte counts, 0xf0 does not. */
	KUNIT_EXPECT_EQ(test, vexfs_bits_used(map, 12), 10u);
	KUNIT_EXPECT_EQ(test, vexfs_bits_used(map, 8), 8u);
	KUNIT_EXPECT_EQ(test, vexfs_bits_used(map, 3), 3u);
}

static void vexfs_test_scan_from_hint(struct kunit *test)
{
	u8 *map = kunit_kzalloc(test, VEXFS_BLOCK_SIZE, GFP_KERNEL);
	u64 bit = 3, scanned = 0;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, map);
	for (i = 0; i < 10; i++)
		__set_bit_le(i, map);
	KUNIT_EXPECT_EQ(test, vexfs_scan_block(map, &bit, 100, &scanned),
			(u64)10);
	/* A zero before the hint is not taken while one follows it. */
	__clear_bit_le(1, map);
	KUNIT_EXPECT_EQ(test, vexfs_scan_block(map, &bit, 100, &scanned),
			(u64)10);
	KUNIT_EXPECT_EQ(test, scanned, (u64)0);
}

/* Runs the allocation scan of vexfs_alloc_bit over in-memory blocks. */
static u64 vexfs_test_alloc(u8 **blocks, u64 nbits, u64 hint, u32 *steps)
{
	u64 bit = hint < nbits ? hint : 0, scanned = 0, z;

	for (*steps = 0; scanned < nbits;) {
		(*steps)++;
		z = vexfs_scan_block(blocks[bit / VEXFS_BITS_PER_BLOCK], &bit,
				     nbits, &scanned);
		if (z < nbits)
			return z;
	}
	return nbits;
}

static void vexfs_test_scan_last_block_and_wrap(struct kunit *test)
{
	const u64 nbits = VEXFS_BITS_PER_BLOCK + 5;
	u8 *blocks[2];
	u32 steps, i;

	for (i = 0; i < 2; i++) {
		blocks[i] = kunit_kzalloc(test, VEXFS_BLOCK_SIZE, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, blocks[i]);
	}
	memset(blocks[0], 0xff, VEXFS_BLOCK_SIZE);
	for (i = 0; i < 5; i++)
		__set_bit_le(i, blocks[1]);
	/* Block 1 has zeros only past nbits: full; block 0 is full: ENOSPC. */
	KUNIT_EXPECT_EQ(test,
			vexfs_test_alloc(blocks, nbits,
					 VEXFS_BITS_PER_BLOCK + 2, &steps),
			nbits);
	/* From the hint to the end, block 0, then block 1 before the hint. */
	KUNIT_EXPECT_EQ(test, steps, 3u);
	/* A free bit before the hint is found after the wrap to bit 0. */
	__clear_bit_le(7, blocks[0]);
	KUNIT_EXPECT_EQ(test,
			vexfs_test_alloc(blocks, nbits,
					 VEXFS_BITS_PER_BLOCK + 2, &steps),
			(u64)7);
	KUNIT_EXPECT_EQ(test, steps, 2u);
	/* A hint past the end starts at bit 0. */
	KUNIT_EXPECT_EQ(test, vexfs_test_alloc(blocks, nbits, nbits, &steps),
			(u64)7);
}

static struct kunit_case vexfs_bitmap_cases[] = {
	KUNIT_CASE(vexfs_test_bits_used_tail),
	KUNIT_CASE(vexfs_test_scan_from_hint),
	KUNIT_CASE(vexfs_test_scan_last_block_and_wrap),
	{}
};

static struct kunit_suite vexfs_bitmap_suite = {
	.name = "vexfs-bitmap",
	.test_cases = vexfs_bitmap_cases,
};

kunit_test_suites(&vexfs_bitmap_suite);
