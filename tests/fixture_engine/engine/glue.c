#include <stdint.h>

#include "dense.h"
#include "eb_engine.h"
#include "model_data.h"

#if FX_BEHAVIOUR == 3
#error "fixture: this option value does not compile (a real build failure, for the matrix tests)"
#endif

static float input[FX_IN];
static float output[FX_OUT];

int eb_engine_init(void)
{
    return 0;
}

void *eb_engine_input(size_t *bytes)
{
    *bytes = sizeof input;
    return input;
}

int eb_engine_invoke(void)
{
#if FX_BEHAVIOUR == 1
    output[0] = *(volatile float *)(uintptr_t)0xfffffff0u;
#elif FX_BEHAVIOUR == 2
    for (volatile int spin = 1; spin;)
        ;
#endif
    fx_dense(fx_weights, fx_bias, input, output, FX_IN, FX_OUT);
    return 0;
}

size_t eb_engine_output_count(void)
{
    return 1;
}

const void *eb_engine_output(size_t index, size_t *bytes)
{
    (void)index;
    *bytes = sizeof output;
    return output;
}
