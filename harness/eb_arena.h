/*
 * Working memory an engine sizes from a probe run (engine.yaml `arena`): edgebench generates
 * arena.c with the size, first the probe's generous one, then what the probe used plus the
 * engine's margin. The glue hands eb_arena to the engine and says how much of it was used.
 */
#ifndef EB_ARENA_H
#define EB_ARENA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

extern uint8_t eb_arena[];
extern const size_t eb_arena_bytes;
/* How much of eb_arena the engine may use: all of it, except while a probe image looks for the
 * smallest arena that initialises (it calls eb_engine_init() again with less). */
extern size_t eb_arena_usable;

/* Bytes of eb_arena the engine uses, once eb_engine_init() has succeeded. */
size_t eb_engine_arena_used(void);

#ifdef __cplusplus
}
#endif

#endif
