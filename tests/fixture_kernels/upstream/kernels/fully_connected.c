#include "common.h"
#include "fxk.h"

/* output[o] = bias[o] + weights[o] . input; weights [outputs][inputs]. */
static int eval(fxk_tensor *tensors, const fxk_node *node)
{
    const fxk_tensor *input = &tensors[node->inputs[0]], *weights = &tensors[node->inputs[1]];
    fxk_tensor *output = &tensors[node->output];
    for (int32_t o = 0; o < output->size; o++) {
        float bias = node->inputs[2] >= 0 ? tensors[node->inputs[2]].buffer[o] : 0.0f;
        output->buffer[o] = bias + fxk_dot(weights->buffer + o * input->size, input->buffer, input->size);
    }
    return FXK_OK;
}

fxk_registration Register_FULLY_CONNECTED(void)
{
    fxk_registration registration = {0, eval};
    return registration;
}
