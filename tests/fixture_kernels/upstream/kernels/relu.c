#include "fxk.h"

static int eval(fxk_tensor *tensors, const fxk_node *node)
{
    const fxk_tensor *input = &tensors[node->inputs[0]];
    fxk_tensor *output = &tensors[node->output];
    for (int32_t i = 0; i < output->size; i++)
        output->buffer[i] = input->buffer[i] > 0.0f ? input->buffer[i] : 0.0f;
    return FXK_OK;
}

fxk_registration Register_RELU(void)
{
    fxk_registration registration = {0, eval};
    return registration;
}
