#include <math.h>

#include "common.h"
#include "fxk.h"

/* Its scratch holds the exponentials: the arena a model needs depends on its kernels too. */
static size_t scratch_floats(const fxk_tensor *tensors, const fxk_node *node)
{
    return (size_t)tensors[node->output].size;
}

static int eval(fxk_tensor *tensors, const fxk_node *node)
{
    const fxk_tensor *input = &tensors[node->inputs[0]];
    fxk_tensor *output = &tensors[node->output];
    float top = fxk_max(input->buffer, input->size), sum = 0.0f;
    for (int32_t i = 0; i < input->size; i++)
        sum += (node->scratch[i] = expf(input->buffer[i] - top));
    for (int32_t i = 0; i < input->size; i++)
        output->buffer[i] = node->scratch[i] / sum;
    return FXK_OK;
}

fxk_registration Register_SOFTMAX(void)
{
    fxk_registration registration = {scratch_floats, eval};
    return registration;
}
