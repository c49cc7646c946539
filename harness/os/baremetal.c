/*
 * Bare metal under picolibc's linker script: the stack owns
 * [__heap_end, __stack) (picolibc.ld reserves __stack_size there, and
 * malloc never grows past __heap_end), so all of it can be painted.
 */
#include <stdint.h>

#include "../eb_os.h"

extern uint32_t __heap_end[];
extern uint32_t __stack[];

#define EB_PAINT 0xeb57ac4bu
/* Leave the live frames alone: paint only below this distance from sp. */
#define EB_SAFETY_BYTES 256u

void eb_os_stack_paint(void)
{
    volatile uint32_t here;
    uintptr_t limit = ((uintptr_t)&here - EB_SAFETY_BYTES) & ~(uintptr_t)3;
    for (volatile uint32_t *p = __heap_end; (uintptr_t)p < limit; p++)
        *p = EB_PAINT;
}

size_t eb_os_stack_peak(void)
{
    const volatile uint32_t *p = __heap_end;
    while (p < __stack && *p == EB_PAINT)
        p++;
    return (size_t)((uintptr_t)__stack - (uintptr_t)p);
}

unsigned eb_os_repeats(void)
{
    return 1;
}

uint64_t eb_os_now_ns(void)
{
    return 0;
}
