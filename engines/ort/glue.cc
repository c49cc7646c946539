/*
 * ONNX Runtime behind the harness protocol, through its C API. The .ort model is compiled into the
 * image (eb_ort_model.c) and the session reads it where it lies: with the two
 * use_ort_model_bytes options ORT neither copies the model nor its initializers to the heap, as an
 * embedded deployment would run it. The input is a tensor over a static buffer; the outputs are
 * the tensors Run allocates.
 */
#include "onnxruntime_c_api.h"
#include "onnxruntime_session_options_config_keys.h"

extern "C" {
#include "eb_engine.h"
#include "eb_ort_model.h"
}

/* Errors are offset so they cannot be mistaken for the harness's own codes. */
#define EB_ORT_ERROR(step) (100 + (step))

static const OrtApi *ort;
static OrtEnv *env;
static OrtSession *session;
static OrtValue *input;
static OrtValue *outputs[EB_ORT_OUTPUTS];
static eb_ort_in_t input_data[EB_ORT_IN_ELEMENTS];
static const int64_t input_shape[] = {EB_ORT_IN_SHAPE};

/* An OrtStatus is the error: freed, and the step it failed in returned. */
static int failed(OrtStatus *status, int step)
{
    if (status == nullptr)
        return 0;
    ort->ReleaseStatus(status);
    return EB_ORT_ERROR(step);
}

int eb_engine_init(void)
{
    ort = OrtGetApiBase()->GetApi(ORT_API_VERSION);
    if (ort == nullptr)
        return EB_ORT_ERROR(1);
    OrtSessionOptions *options = nullptr;
    int error = failed(ort->CreateEnv(ORT_LOGGING_LEVEL_ERROR, "edgebench", &env), 2);
    error = error ? error : failed(ort->CreateSessionOptions(&options), 3);
    error = error ? error : failed(ort->SetIntraOpNumThreads(options, EB_ORT_THREADS), 4);
    error = error ? error : failed(ort->SetInterOpNumThreads(options, 1), 4);
    error = error ? error : failed(ort->AddSessionConfigEntry(options, kOrtSessionOptionsConfigUseORTModelBytesDirectly, "1"), 5);
    error = error ? error : failed(ort->AddSessionConfigEntry(options, kOrtSessionOptionsConfigUseORTModelBytesForInitializers, "1"), 5);
    error = error ? error : failed(ort->CreateSessionFromArray(env, eb_ort_model, eb_ort_model_size, options, &session), 6);
    if (options != nullptr)
        ort->ReleaseSessionOptions(options);
    if (error)
        return error;
    OrtMemoryInfo *memory = nullptr;
    error = failed(ort->CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &memory), 7);
    error = error ? error : failed(ort->CreateTensorWithDataAsOrtValue(memory, input_data, sizeof input_data,
                                                                       input_shape, EB_ORT_IN_RANK,
                                                                       EB_ORT_IN_TYPE, &input), 8);
    if (memory != nullptr)
        ort->ReleaseMemoryInfo(memory);
    return error;
}

void *eb_engine_input(size_t *bytes)
{
    *bytes = sizeof input_data;
    return input_data;
}

int eb_engine_invoke(void)
{
    static const char *const input_names[] = {EB_ORT_IN_NAME};
    for (size_t i = 0; i < EB_ORT_OUTPUTS; i++) {
        if (outputs[i] != nullptr)
            ort->ReleaseValue(outputs[i]);
        outputs[i] = nullptr;
    }
    return failed(ort->Run(session, nullptr, input_names, &input, 1, eb_ort_output_names, EB_ORT_OUTPUTS, outputs), 9);
}

size_t eb_engine_output_count(void)
{
    return EB_ORT_OUTPUTS;
}

const void *eb_engine_output(size_t index, size_t *bytes)
{
    void *data = nullptr;
    OrtTensorTypeAndShapeInfo *info = nullptr;
    size_t count = 0;
    ONNXTensorElementDataType type = ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED;
    if (ort->GetTensorMutableData(outputs[index], &data) != nullptr || ort->GetTensorTypeAndShape(outputs[index], &info) != nullptr)
        return nullptr;
    ort->GetTensorShapeElementCount(info, &count);
    ort->GetTensorElementType(info, &type);
    ort->ReleaseTensorTypeAndShapeInfo(info);
    /* the types the converter lets through (convert.py TYPES): float32, or int8/uint8 of a quantised model */
    *bytes = count * (type == ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT ? sizeof(float) : 1);
    return data;
}
