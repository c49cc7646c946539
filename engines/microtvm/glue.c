/*
 * microTVM behind the harness protocol. The model is compiled code (eb_tvm_model.c, generated per
 * model): no interpreter to load, no arena to size; USMP planned the working memory at compile time.
 */
#include "eb_engine.h"
#include "eb_tvm_model.h"

int eb_engine_init(void)
{
    return 0;
}

void *eb_engine_input(size_t *bytes)
{
    return eb_tvm_input(bytes);
}

int eb_engine_invoke(void)
{
    return eb_tvm_run();
}

size_t eb_engine_output_count(void)
{
    return eb_tvm_output_count();
}

const void *eb_engine_output(size_t index, size_t *bytes)
{
    return eb_tvm_output(index, bytes);
}
