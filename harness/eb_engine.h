/*
 * The harness protocol: what every engine's glue (engines/<name>/glue.c or glue.cc)
 * implements. The harness owns main(), the test inputs, the measured region
 * and the output format; an engine only loads, takes an input and infers.
 */
#ifndef EB_ENGINE_H
#define EB_ENGINE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What eb_engine_init() returns when the engine's working memory is too small for the model. */
#define EB_ENGINE_NO_MEMORY 12

/* Load the model and allocate working memory; 0 on success. */
int eb_engine_init(void);

/* The buffer one input is copied into, and its size in bytes. */
void *eb_engine_input(size_t *bytes);

/* One inference on the current input; 0 on success. */
int eb_engine_invoke(void);

/* How many output tensors there are, and output `index` as bytes. */
size_t eb_engine_output_count(void);
const void *eb_engine_output(size_t index, size_t *bytes);

#ifdef __cplusplus
}
#endif

#endif
