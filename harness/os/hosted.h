/*
 * Stack painting for hosted OSes (Linux user space, the host PC), where the
 * stack's bounds are not ours to know: a frame of EB_STACK_PAINT_BYTES is
 * pushed and painted once, and later scanned from its far end.
 */
#ifndef EB_OS_HOSTED_H
#define EB_OS_HOSTED_H

#include <stdint.h>
#include <string.h>

#define EB_STACK_PAINT_BYTES (256u * 1024u)
#define EB_PAINT 0xa5

/* Addresses kept as integers: the frame is gone when they are read, and
 * only the painted memory beyond it is scanned (no pointer outlives it). */
static uintptr_t eb_paint_low;
static uintptr_t eb_paint_top;

__attribute__((noipa)) static void eb_hosted_paint(void)
{
    volatile uint8_t frame[EB_STACK_PAINT_BYTES];
    for (size_t i = 0; i < sizeof frame; i++)
        frame[i] = EB_PAINT;
    eb_paint_low = (uintptr_t)frame;
    eb_paint_top = (uintptr_t)(frame + sizeof frame);
}

static size_t eb_hosted_peak(void)
{
    const volatile uint8_t *p = (const volatile uint8_t *)eb_paint_low;
    while ((uintptr_t)p < eb_paint_top && *p == EB_PAINT)
        p++;
    return (size_t)(eb_paint_top - (uintptr_t)p);
}

#endif
