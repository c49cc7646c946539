/*
 * The host PC. Run natively it times each inference (EB_REPEATS from the
 * environment, default 1); under QEMU user mode it is counted like a target.
 */
#include <stdlib.h>
#include <time.h>

#include "../eb_os.h"
#include "hosted.h"

void eb_os_stack_paint(void)
{
    eb_hosted_paint();
}

size_t eb_os_stack_peak(void)
{
    return eb_hosted_peak();
}

unsigned eb_os_repeats(void)
{
    const char *text = getenv("EB_REPEATS");
    long value = text ? strtol(text, NULL, 10) : 1;
    return value > 0 ? (unsigned)value : 1;
}

uint64_t eb_os_now_ns(void)
{
    struct timespec now;
    if (getenv("EB_REPEATS") == NULL || clock_gettime(CLOCK_MONOTONIC, &now) != 0)
        return 0;
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}
