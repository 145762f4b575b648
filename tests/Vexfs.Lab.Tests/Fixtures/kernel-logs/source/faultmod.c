// SPDX-License-Identifier: GPL-2.0
/*
 * Test module that provokes one kind of kernel report in its init, to capture real console logs
 * for the VexFS kernel-log scanner fixtures.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/delay.h>
#include <linux/preempt.h>
#include <linux/jiffies.h>

static char *mode = "clean";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "clean|warn|null|gpf|bug|hang|lockup");

static int __init faultmod_init(void)
{
	pr_info("faultmod: mode=%s\n", mode);
	if (!strcmp(mode, "warn")) {
		WARN_ON(1);
	} else if (!strcmp(mode, "null")) {
		int *volatile p = NULL;

		pr_info("faultmod: %d\n", *p);
	} else if (!strcmp(mode, "gpf")) {
		int *volatile p = (int *)0xdead000000000100UL;

		pr_info("faultmod: %d\n", *p);
	} else if (!strcmp(mode, "bug")) {
		BUG();
	} else if (!strcmp(mode, "hang")) {
		/* Uninterruptible sleep long enough for the hung-task detector. */
		set_current_state(TASK_UNINTERRUPTIBLE);
		schedule_timeout(40 * HZ);
	} else if (!strcmp(mode, "lockup")) {
		/* Spin with preemption off long enough for the soft-lockup and RCU-stall detectors. */
		unsigned long end = jiffies + 30 * HZ;

		preempt_disable();
		while (time_before(jiffies, end))
			cpu_relax();
		preempt_enable();
	}
	pr_info("faultmod: init done\n");
	return 0;
}

static void __exit faultmod_exit(void)
{
	pr_info("faultmod: exit\n");
}

module_init(faultmod_init);
module_exit(faultmod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Provokes kernel reports for log-scanner fixtures");
