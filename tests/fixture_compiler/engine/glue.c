#include "eb_engine.h"
#include "fxcc_model.h"

static float input[FXCC_IN];
static float output[FXCC_OUT];

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
    fxcc_run(input, output);
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
