/*
 * TensorFlow Lite Micro behind the harness protocol. The interpreter and the op resolver live in
 * static storage and are constructed in eb_engine_init() (no heap, no static constructors); every
 * tensor lives in the harness's arena (eb_arena.h), sized from a probe run.
 */
#include <cstddef>
#include <cstdint>
#include <new>

#include "eb_arena.h"
#include "eb_engine.h"
#include "eb_tflm_model.h"
#include "eb_tflm_ops.h"
#include "tensorflow/lite/micro/micro_interpreter.h"
#include "tensorflow/lite/schema/schema_generated.h"

/* Errors are offset so they cannot be mistaken for the harness's own codes. */
enum {
    EB_TFLM_SCHEMA = 100,         /* the flatbuffer's schema version is not TFLM's */
    EB_TFLM_INPUTS = 101,         /* not exactly one input tensor */
    EB_TFLM_INVOKE = 102,
    EB_TFLM_RESOLVER = 200,       /* + 1 + the operator the resolver refused */
};

namespace {

alignas(EbTflmResolver) unsigned char resolver_storage[sizeof(EbTflmResolver)];
alignas(tflite::MicroInterpreter) unsigned char interpreter_storage[sizeof(tflite::MicroInterpreter)];
tflite::MicroInterpreter *interpreter = nullptr;

}  // namespace

extern "C" int eb_engine_init(void)
{
    const tflite::Model *model = tflite::GetModel(eb_tflm_model);
    if (model->version() != TFLITE_SCHEMA_VERSION)
        return EB_TFLM_SCHEMA;
    EbTflmResolver *resolver = new (resolver_storage) EbTflmResolver();
    if (int failed = eb_tflm_add_operators(*resolver))
        return EB_TFLM_RESOLVER + failed;
    /* Constructed afresh on every call: a probe image initialises again with less arena. */
    interpreter = new (interpreter_storage) tflite::MicroInterpreter(model, *resolver, eb_arena, eb_arena_usable);
    /* With the model's own operators registered, what AllocateTensors() can still lack is room. */
    if (interpreter->AllocateTensors() != kTfLiteOk)
        return EB_ENGINE_NO_MEMORY;
    return interpreter->inputs_size() == 1 ? 0 : EB_TFLM_INPUTS;
}

extern "C" size_t eb_engine_arena_used(void)
{
    return interpreter->arena_used_bytes();
}

extern "C" void *eb_engine_input(size_t *bytes)
{
    TfLiteTensor *input = interpreter->input(0);
    *bytes = input->bytes;
    return input->data.raw;
}

extern "C" int eb_engine_invoke(void)
{
    return interpreter->Invoke() == kTfLiteOk ? 0 : EB_TFLM_INVOKE;
}

extern "C" size_t eb_engine_output_count(void)
{
    return interpreter->outputs_size();
}

extern "C" const void *eb_engine_output(size_t index, size_t *bytes)
{
    TfLiteTensor *output = interpreter->output(index);
    *bytes = output->bytes;
    return output->data.raw;
}
