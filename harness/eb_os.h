/*
 * What the harness needs from the OS flavour it runs on (harness/os/<os>.c,
 * chosen by the board's `os` field).
 */
#ifndef EB_OS_H
#define EB_OS_H

#include <stddef.h>
#include <stdint.h>

/* Fill the unused stack with a pattern so eb_os_stack_peak() can find the
 * high-water mark later. Called first thing in main(). */
void eb_os_stack_paint(void);

/* Deepest stack use seen since eb_os_stack_paint(), in bytes. */
size_t eb_os_stack_peak(void);

/* How many timed repeats of each inference to run (1 on emulators). */
unsigned eb_os_repeats(void);

/* A monotonic clock in ns, or 0 where the OS has none worth reading. */
uint64_t eb_os_now_ns(void);

#endif
