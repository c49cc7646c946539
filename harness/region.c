/*
 * The measured region's markers. The emulator's counting plugin watches the
 * entry address of these two functions, so they must stay real, distinct
 * functions: noipa keeps GCC from inlining them or folding the identical
 * bodies into one address, the volatile stores keep the bodies apart.
 */
#include "eb_region.h"

static volatile unsigned eb_region_marker;

__attribute__((noipa)) void eb_region_begin(void)
{
    eb_region_marker = 1;
}

__attribute__((noipa)) void eb_region_end(void)
{
    eb_region_marker = 2;
}
