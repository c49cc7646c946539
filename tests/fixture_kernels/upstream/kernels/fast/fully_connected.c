/* The `fast` kernel set's FULLY_CONNECTED: replaces kernels/fully_connected.c (same file name). */
#include "fxk.h"
#include "fxk_called.h"
#include "fxk_fast.h"

#ifndef FXK_FAST
#error "the fast kernels are compiled with the option value's defines"
#endif

static int eval(fxk_tensor *tensors, const fxk_node *node)
{
    const fxk_tensor *input = &tensors[node->inputs[0]], *weights = &tensors[node->inputs[1]];
    fxk_tensor *output = &tensors[node->output];
    for (int32_t o = 0; o < output->size; o++) {
        float bias = fxk_bias_of(node->inputs[2] >= 0 ? tensors[node->inputs[2]].buffer : 0, o);
        output->buffer[o] = bias + fxk_dot4(weights->buffer + o * input->size, input->buffer, input->size);
    }
    return FXK_OK;
}

fxk_registration Register_FULLY_CONNECTED(void)
{
    fxk_registration registration = {0, eval};
    return registration;
}
