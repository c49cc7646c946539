/* fxk: a tiny float interpreter, the test fixture for engines built as a library plus per-model
 * kernels (engine.yaml `library`, `kernels`, `operators`). Its shape follows TFLM's: a core that
 * plans tensors in a caller's arena, kernels registered by an op resolver. */
#ifndef FXK_H
#define FXK_H

#include <stddef.h>
#include <stdint.h>

/* Builtin operators, numbered as TFLite's. */
enum {
    BuiltinOperator_FULLY_CONNECTED = 9,
    BuiltinOperator_RELU = 19,
    BuiltinOperator_SOFTMAX = 25,
};

enum { FXK_OK = 0, FXK_NO_MEMORY = 1, FXK_NO_KERNEL = 2, FXK_TOO_MANY = 3 };

#define FXK_MAX_OPS 8
#define FXK_MAX_NODES 8

typedef struct {
    const float *data; /* constant data, or NULL: planned in the arena */
    float *buffer;     /* where the values are at run time */
    int32_t size;      /* floats */
} fxk_tensor;

typedef struct {
    int32_t op;        /* builtin operator */
    int32_t inputs[3]; /* tensor indices, -1 where absent */
    int32_t output;
    float *scratch;    /* planned in the arena, if the kernel asks for it */
} fxk_node;

typedef struct {
    size_t (*scratch_floats)(const fxk_tensor *tensors, const fxk_node *node);
    int (*eval)(fxk_tensor *tensors, const fxk_node *node);
} fxk_registration;

typedef struct {
    int count;
    int32_t ops[FXK_MAX_OPS];
    fxk_registration registrations[FXK_MAX_OPS];
} fxk_resolver;

typedef struct {
    fxk_tensor *tensors;
    int32_t tensor_count;
    fxk_node *nodes;
    int32_t node_count;
    int32_t input, output;
} fxk_model;

typedef struct {
    fxk_model *model;
    const fxk_registration *kernels[FXK_MAX_NODES];
    size_t arena_used;
    size_t tensor_bytes; /* of arena_used, what the tensors take (the rest is kernels' scratch) */
} fxk_interpreter;

int fxk_resolver_add(fxk_resolver *resolver, int32_t op, fxk_registration registration);

/* Plans every non-constant tensor and each kernel's scratch in the arena; FXK_NO_MEMORY when it is
 * too small (arena_used then says how far planning got). */
int fxk_allocate(fxk_interpreter *it, fxk_model *model, const fxk_resolver *resolver, uint8_t *arena,
                 size_t bytes);
int fxk_invoke(fxk_interpreter *it);

#endif
