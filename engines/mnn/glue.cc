/*
 * MNN behind the harness protocol. The .mnn model is compiled into the image (eb_mnn_model.c) and
 * loaded with Interpreter::createFromBuffer. Tensors are copied through host tensors in the model's
 * own layout (NHWC for a model from .tflite): MNN keeps its activations in its packed NC4HW4 form.
 */
#include <MNN/Interpreter.hpp>
#include <MNN/Tensor.hpp>

#include <vector>

extern "C" {
#include "eb_engine.h"
#include "eb_mnn_model.h"
}

/* Errors are offset so they cannot be mistaken for the harness's own codes. */
#define EB_MNN_ERROR(step) (100 + (step))

static MNN::Interpreter *net;
static MNN::Session *session;
static MNN::Tensor *input, *input_host;
static std::vector<MNN::Tensor *> outputs, outputs_host;

int eb_engine_init(void)
{
    net = MNN::Interpreter::createFromBuffer(eb_mnn_model, eb_mnn_model_size);
    if (net == nullptr)
        return EB_MNN_ERROR(1);
    MNN::ScheduleConfig config;
    config.type = MNN_FORWARD_CPU;
    config.numThread = EB_MNN_THREADS;
    MNN::BackendConfig backend;
    backend.precision = MNN::BackendConfig::EB_MNN_PRECISION;
    config.backendConfig = &backend;
    session = net->createSession(config);
    if (session == nullptr)
        return EB_MNN_ERROR(2);
    input = net->getSessionInput(session, nullptr);
    input_host = new MNN::Tensor(input, input->getDimensionType());
    /* by name, in the model's order (getSessionOutputAll's map is in name order) */
    for (size_t i = 0; i < EB_MNN_OUTPUTS; i++) {
        MNN::Tensor *output = net->getSessionOutput(session, eb_mnn_output_names[i]);
        if (output == nullptr)
            return EB_MNN_ERROR(3);
        outputs.push_back(output);
        outputs_host.push_back(new MNN::Tensor(output, output->getDimensionType()));
    }
    return 0;
}

void *eb_engine_input(size_t *bytes)
{
    *bytes = input_host->size();
    return input_host->host<void>();
}

int eb_engine_invoke(void)
{
    if (!input->copyFromHostTensor(input_host))
        return EB_MNN_ERROR(4);
    if (net->runSession(session) != MNN::NO_ERROR)
        return EB_MNN_ERROR(5);
    for (size_t i = 0; i < outputs.size(); i++)
        if (!outputs[i]->copyToHostTensor(outputs_host[i]))
            return EB_MNN_ERROR(6);
    return 0;
}

size_t eb_engine_output_count(void)
{
    return outputs.size();
}

const void *eb_engine_output(size_t index, size_t *bytes)
{
    *bytes = outputs_host[index]->size();
    return outputs_host[index]->host<void>();
}
