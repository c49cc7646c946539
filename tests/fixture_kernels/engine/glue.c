/* The fixture engine's glue: the model's tensors and the kernels' scratch live in the harness's
 * arena (eb_arena.h), sized from a probe run. */
#include <stdio.h>
#include <stdlib.h>

#include "eb_arena.h"
#include "eb_engine.h"
#include "fxk_model.h"

static fxk_resolver resolver;
static fxk_interpreter interpreter;

int eb_engine_init(void)
{
#if FXK_BEHAVIOUR == 1
    fputs("EB:ARENA 12x 3\nEB:END\n", stdout);
    exit(0);
#elif FXK_BEHAVIOUR == 2
    fputs("EB:END\n", stdout);
    exit(0);
#endif
    resolver.count = 0; /* initialised again and again by a probe image */
    int rc = fxk_register_ops(&resolver);
#if FXK_BEHAVIOUR == 4
    /* As TFLM can (README): an arena short of what the model needs, but by less than the kernels'
     * scratch, crashes instead of failing. The first initialisation (the probe's generous arena)
     * tells what is needed. */
    static size_t needed;
    if (needed && eb_arena_usable < needed && eb_arena_usable > interpreter.tensor_bytes)
        __builtin_trap();
#endif
    if (rc == FXK_OK)
        rc = fxk_allocate(&interpreter, &fxk_graph, &resolver, eb_arena, eb_arena_usable);
#if FXK_BEHAVIOUR == 4
    if (rc == FXK_OK && !needed)
        needed = interpreter.arena_used;
#endif
    return rc == FXK_NO_MEMORY ? EB_ENGINE_NO_MEMORY : rc;
}

size_t eb_engine_arena_used(void)
{
#if FXK_BEHAVIOUR == 3 || FXK_BEHAVIOUR == 4
    return interpreter.tensor_bytes;
#else
    return interpreter.arena_used;
#endif
}

void *eb_engine_input(size_t *bytes)
{
    fxk_tensor *input = &fxk_graph.tensors[fxk_graph.input];
    *bytes = (size_t)input->size * sizeof(float);
    return input->buffer;
}

int eb_engine_invoke(void)
{
    return fxk_invoke(&interpreter);
}

size_t eb_engine_output_count(void)
{
    return 1;
}

const void *eb_engine_output(size_t index, size_t *bytes)
{
    (void)index;
    fxk_tensor *output = &fxk_graph.tensors[fxk_graph.output];
    *bytes = (size_t)output->size * sizeof(float);
    return output->buffer;
}
