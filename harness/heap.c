/*
 * Heap accounting: the link wraps malloc/calloc/realloc/free and the aligned
 * allocators (ld --wrap) so the peak of bytes an engine holds is known without
 * trusting any libc's own statistics. Each block carries its size in a header.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "eb_heap.h"

void *__real_malloc(size_t size);
void __real_free(void *ptr);

/* Before each payload: its size, and how far the block malloc gave starts before it (aligned
 * allocations start further in). EB_HEADER keeps a plain malloc's payload as aligned as malloc's
 * own. */
#define EB_HEADER 16

struct eb_header {
    size_t size;
    size_t offset;
};

static size_t in_use, peak;

static void *eb_alloc(size_t size, size_t alignment)
{
    if (size > SIZE_MAX - EB_HEADER - alignment)
        return NULL;
    /* malloc's own alignment may be less than asked (8 bytes on 32-bit ARM): room to align */
    unsigned char *block = __real_malloc(size + EB_HEADER + alignment);
    if (block == NULL)
        return NULL;
    uintptr_t payload = (uintptr_t)block + EB_HEADER;
    if (alignment != 0)
        payload = (payload + alignment - 1) & ~(uintptr_t)(alignment - 1);
    struct eb_header header = {size, payload - (uintptr_t)block};
    memcpy((unsigned char *)payload - sizeof header, &header, sizeof header);
    in_use += size;
    if (in_use > peak)
        peak = in_use;
    return (void *)payload;
}

static struct eb_header eb_header_of(const void *ptr)
{
    struct eb_header header;
    memcpy(&header, (const unsigned char *)ptr - sizeof header, sizeof header);
    return header;
}

void *__wrap_malloc(size_t size)
{
    return eb_alloc(size, 0);
}

void __wrap_free(void *ptr)
{
    if (ptr == NULL)
        return;
    struct eb_header header = eb_header_of(ptr);
    in_use -= header.size;
    __real_free((unsigned char *)ptr - header.offset);
}

void *__wrap_calloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    void *ptr = eb_alloc(count * size, 0);
    if (ptr != NULL)
        memset(ptr, 0, count * size);
    return ptr;
}

void *__wrap_realloc(void *ptr, size_t size)
{
    size_t old = ptr != NULL ? eb_header_of(ptr).size : 0;
    void *fresh = eb_alloc(size, 0);
    if (fresh != NULL && ptr != NULL) {
        memcpy(fresh, ptr, old < size ? old : size);
        __wrap_free(ptr);
    }
    return fresh;
}

/* Engines for an OS allocate aligned blocks (ncnn's fastMalloc, C++17's aligned new): those are
 * counted too, and freed through the same free. */
static int eb_valid_alignment(size_t alignment)
{
    return alignment != 0 && (alignment & (alignment - 1)) == 0;
}

int __wrap_posix_memalign(void **out, size_t alignment, size_t size)
{
    if (!eb_valid_alignment(alignment) || alignment % sizeof(void *) != 0)
        return 22; /* EINVAL */
    void *ptr = eb_alloc(size, alignment);
    if (ptr == NULL)
        return 12; /* ENOMEM */
    *out = ptr;
    return 0;
}

void *__wrap_aligned_alloc(size_t alignment, size_t size)
{
    return eb_valid_alignment(alignment) ? eb_alloc(size, alignment) : NULL;
}

void *__wrap_memalign(size_t alignment, size_t size)
{
    return eb_valid_alignment(alignment) ? eb_alloc(size, alignment) : NULL;
}

size_t eb_heap_peak(void)
{
    return peak;
}
