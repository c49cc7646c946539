/*
 * The edgebench harness: the same main() for every engine and board.
 *
 * Protocol, one line each on stdout (machine-read by edgebench):
 *   EB:ARENA <used> <reserved>                 engines with an arena, after init
 *   EB:BEGIN <inputs>
 *   EB:OUT <input> <tensor> <bytes as hex>     after each measured inference
 *   EB:TIME <input> <ns>                       per repeat, where a clock exists
 *   EB:HEAP <peak bytes>  EB:STACK <peak bytes>
 *   EB:END
 * or EB:ERROR <stage> <code> and a non-zero exit status (EB:ERROR arena <reserved bytes>: the
 * engine's arena is too small for the model).
 * A probe image (EB_PROBE) stops after EB:ARENA, which gives there the smallest arena that
 * initialises (eb_engine_init() is called again with less of eb_arena usable); while it searches it
 * prints EB:ARENA_WORKS <bytes> for each arena that initialised.
 * The first input is inferred once before measuring (warm-up); each measured
 * inference is bracketed by eb_region_begin()/eb_region_end().
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "eb_arena.h"
#include "eb_engine.h"
#include "eb_heap.h"
#include "eb_inputs.h"
#include "eb_os.h"
#include "eb_region.h"

static void put_u64(uint64_t value)
{
    char digits[21];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n > 0)
        putchar(digits[--n]);
}

static void put_hex(const uint8_t *bytes, size_t count)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < count; i++) {
        putchar(hex[bytes[i] >> 4]);
        putchar(hex[bytes[i] & 15]);
    }
}

static void put_tag(const char *tag, uint64_t a)
{
    fputs(tag, stdout);
    put_u64(a);
}

static int fail(const char *stage, int code)
{
    fputs("EB:ERROR ", stdout);
    fputs(stage, stdout);
    put_tag(" ", (uint64_t)(code < 0 ? -code : code));
    putchar('\n');
    fflush(stdout);
    return 2;
}

static void print_outputs(size_t input)
{
    for (size_t k = 0; k < eb_engine_output_count(); k++) {
        size_t bytes = 0;
        const void *data = eb_engine_output(k, &bytes);
        put_tag("EB:OUT ", input);
        put_tag(" ", k);
        putchar(' ');
        put_hex(data, bytes);
        putchar('\n');
    }
    fflush(stdout);
}

/* Engines may compute in place over their input (TinyMaix does), so the
 * input is copied in again before every inference, outside the region. */
static void load_input(uint8_t *buffer, size_t input)
{
    memcpy(buffer, eb_inputs + input * eb_input_bytes, eb_input_bytes);
}

static int measure(uint8_t *buffer, size_t input, unsigned repeats)
{
    for (unsigned r = 0; r < repeats; r++) {
        load_input(buffer, input);
        uint64_t start = eb_os_now_ns();
        eb_region_begin();
        int rc = eb_engine_invoke();
        eb_region_end();
        uint64_t stop = eb_os_now_ns();
        if (rc != 0)
            return rc;
        if (stop != 0) {
            put_tag("EB:TIME ", input);
            put_tag(" ", stop - start);
            putchar('\n');
        }
    }
    return 0;
}

#if defined(EB_PROBE) && defined(EB_ARENA)
static int initialises(size_t bytes)
{
    eb_arena_usable = bytes;
    if (eb_engine_init() != 0)
        return 0;
    put_tag("EB:ARENA_WORKS ", bytes);
    putchar('\n');
    fflush(stdout); /* out before a smaller arena is tried, which may crash */
    return 1;
}

/* What an engine reports as used can leave out room initialisation holds only for a while (TFLM's
 * arena_used_bytes() does: its memory planner's temporary buffers; ad01 needed more than the
 * 3424 bytes reported). So the probe looks for the smallest arena, in 16-byte steps, that
 * initialises: the reported use first, then halving the gap from the top down. From the top down,
 * because an arena a little too small need not fail cleanly: TFLM can place a persistent buffer
 * over its own live temporaries and crash (hello_world with CMSIS-NN on the M55 does between 976
 * and 1040 bytes, while 1104 fails cleanly and 1312 works). Each arena that works is printed
 * before a smaller one is tried, so a crash further down still leaves the smallest seen to work. */
static size_t smallest_arena(size_t used)
{
    size_t works = eb_arena_bytes, fails = (used + 15) & ~(size_t)15;
    if (fails >= works)
        return works;
    if (initialises(fails))
        return fails;
    while (works - fails >= 32) {
        size_t middle = fails + (works - fails) / 32 * 16;
        if (initialises(middle))
            works = middle;
        else
            fails = middle;
    }
    return works;
}
#endif

int main(void)
{
    eb_os_stack_paint();
#ifdef EB_PROBE
    /* A probe's one region is its initialisation: the run looks the markers up in every image. */
    eb_region_begin();
    int rc = eb_engine_init();
    eb_region_end();
#else
    int rc = eb_engine_init();
#endif
#ifdef EB_ARENA
    if (rc == EB_ENGINE_NO_MEMORY)
        return fail("arena", (int)eb_arena_bytes);
#endif
    if (rc != 0)
        return fail("init", rc);
#ifdef EB_ARENA
#ifdef EB_PROBE
    put_tag("EB:ARENA ", smallest_arena(eb_engine_arena_used()));
#else
    put_tag("EB:ARENA ", eb_engine_arena_used());
#endif
    put_tag(" ", eb_arena_bytes);
    putchar('\n');
#endif
#ifdef EB_PROBE
    /* A probe image only measures what initialisation needs (arena.c.in). */
    fputs("EB:END\n", stdout);
    fflush(stdout);
    return 0;
#endif
    size_t capacity = 0;
    uint8_t *input = eb_engine_input(&capacity);
    if (capacity != eb_input_bytes)
        return fail("input-size", (int)capacity);
    put_tag("EB:BEGIN ", eb_input_count);
    putchar('\n');
    for (size_t i = 0; i < eb_input_count; i++) {
        if (i == 0) {
            load_input(input, i);
            if ((rc = eb_engine_invoke()) != 0)
                return fail("warmup", rc);
        }
        if ((rc = measure(input, i, eb_os_repeats())) != 0)
            return fail("invoke", rc);
        print_outputs(i);
    }
    put_tag("EB:HEAP ", eb_heap_peak());
    putchar('\n');
    put_tag("EB:STACK ", eb_os_stack_peak());
    fputs("\nEB:END\n", stdout);
    fflush(stdout);
    return 0;
}
