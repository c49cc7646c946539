#ifndef EB_HEAP_H
#define EB_HEAP_H

#include <stddef.h>

/* Most bytes the program held from malloc at once. */
size_t eb_heap_peak(void);

#endif
