#include "eb_engine.h"
#include "fxdense.h"
#include "fxdense_build.h"
#include "fxdense_model.h"

static float input[FX_IN];
static float output[FX_OUT];
/* what the glue saw of the build: the installed header's values and a define of its own */
const char fxdense_seen[] = FXDENSE_SYSTEM "|" FXDENSE_PROCESSOR;
const int fxdense_label = FXDENSE_LABEL;

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
    fxdense_run(fx_w, fx_b, FX_IN, FX_OUT, input, output);
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
