/*
 * Heap accounting: the link wraps malloc/calloc/realloc/free (ld --wrap) so
 * the peak of bytes an engine holds is known without trusting any libc's
 * own statistics. Each block carries its size in a header.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "eb_heap.h"

void *__real_malloc(size_t size);
void __real_free(void *ptr);

#define EB_HEADER 16 /* keeps the payload as aligned as malloc's own */

static size_t in_use, peak;

void *__wrap_malloc(size_t size)
{
    unsigned char *block = __real_malloc(size + EB_HEADER);
    if (block == NULL)
        return NULL;
    memcpy(block, &size, sizeof size);
    in_use += size;
    if (in_use > peak)
        peak = in_use;
    return block + EB_HEADER;
}

void __wrap_free(void *ptr)
{
    size_t size;
    if (ptr == NULL)
        return;
    unsigned char *block = (unsigned char *)ptr - EB_HEADER;
    memcpy(&size, block, sizeof size);
    in_use -= size;
    __real_free(block);
}

void *__wrap_calloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    void *ptr = __wrap_malloc(count * size);
    if (ptr != NULL)
        memset(ptr, 0, count * size);
    return ptr;
}

void *__wrap_realloc(void *ptr, size_t size)
{
    size_t old = 0;
    if (ptr != NULL)
        memcpy(&old, (unsigned char *)ptr - EB_HEADER, sizeof old);
    void *fresh = __wrap_malloc(size);
    if (fresh != NULL && ptr != NULL) {
        memcpy(fresh, ptr, old < size ? old : size);
        __wrap_free(ptr);
    }
    return fresh;
}

size_t eb_heap_peak(void)
{
    return peak;
}
