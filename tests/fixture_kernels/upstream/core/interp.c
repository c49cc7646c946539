#include "fxk.h"

int fxk_resolver_add(fxk_resolver *resolver, int32_t op, fxk_registration registration)
{
    if (resolver->count == FXK_MAX_OPS)
        return FXK_TOO_MANY;
    resolver->ops[resolver->count] = op;
    resolver->registrations[resolver->count++] = registration;
    return FXK_OK;
}

static const fxk_registration *find(const fxk_resolver *resolver, int32_t op)
{
    for (int i = 0; i < resolver->count; i++)
        if (resolver->ops[i] == op)
            return &resolver->registrations[i];
    return 0;
}

/* 16-byte steps, as an arena an engine aligns its tensors in. */
static float *take(uint8_t *arena, size_t bytes, size_t *used, size_t floats)
{
    size_t size = (floats * sizeof(float) + 15u) & ~(size_t)15u;
    if (*used + size > bytes)
        return 0;
    float *at = (float *)(arena + *used);
    *used += size;
    return at;
}

int fxk_allocate(fxk_interpreter *it, fxk_model *model, const fxk_resolver *resolver, uint8_t *arena,
                 size_t bytes)
{
    it->model = model;
    it->arena_used = 0;
    if (model->node_count > FXK_MAX_NODES)
        return FXK_TOO_MANY;
    for (int32_t t = 0; t < model->tensor_count; t++) {
        fxk_tensor *tensor = &model->tensors[t];
        tensor->buffer = tensor->data ? (float *)tensor->data : take(arena, bytes, &it->arena_used, tensor->size);
        if (!tensor->buffer)
            return FXK_NO_MEMORY;
    }
    it->tensor_bytes = it->arena_used;
    for (int32_t n = 0; n < model->node_count; n++) {
        fxk_node *node = &model->nodes[n];
        if (!(it->kernels[n] = find(resolver, node->op)))
            return FXK_NO_KERNEL;
        size_t floats = it->kernels[n]->scratch_floats ? it->kernels[n]->scratch_floats(model->tensors, node) : 0;
        node->scratch = floats ? take(arena, bytes, &it->arena_used, floats) : 0;
        if (floats && !node->scratch)
            return FXK_NO_MEMORY;
    }
    return FXK_OK;
}

int fxk_invoke(fxk_interpreter *it)
{
    for (int32_t n = 0; n < it->model->node_count; n++) {
        int rc = it->kernels[n]->eval(it->model->tensors, &it->model->nodes[n]);
        if (rc != FXK_OK)
            return rc;
    }
    return FXK_OK;
}
